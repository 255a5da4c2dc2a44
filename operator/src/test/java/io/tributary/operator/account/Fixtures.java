package io.tributary.operator.account;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tributary.operator.controlplane.ControlPlaneClient.Account;
import io.tributary.operator.crd.ControlPlaneRef;
import io.tributary.operator.crd.SecretKey;
import io.tributary.operator.crd.TributaryAccount;
import io.tributary.operator.crd.TributaryAccountSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Resources, and accounts as the control plane shows them, for the unit tests. */
final class Fixtures {
  static final String KEY = "ADCMSDAFTO6Q3ZXDB3C7YG7ZEWJW6HRIIEODPGDN5PNVKPOMDQDQGWMF";
  static final String EXPORTER_KEY = "ABJJKJSXTYA6AR3FDU4NQHBBQMDQR2PL4H4D6XHVVFHKLNQN52PLTBKM";

  /**
   * An {@code AccountView} as the control plane answers it for an account made without limits:
   * NATS's unlimited defaults, JetStream off, no tiers.
   */
  static final String VIEW =
      """
      {"name":"orders","description":"Orders","publicKey":"%s",
       "limits":{"conn":-1,"subs":-1,"payload":-1,"data":-1,"imports":-1,"exports":-1,"leaf":-1,
         "wildcardExports":true,"memoryStorage":0,"diskStorage":0,"streams":0,"consumers":0,
         "maxAckPending":0,"memoryMaxStreamBytes":0,"diskMaxStreamBytes":0,
         "maxBytesRequired":false,"jetStreamTiers":{}},
       "tags":["tributary-operator:messaging/orders"],"defaultPermissions":null,
       "revocations":{},"clusters":["eu-1"],"version":3}
      """
          .formatted(KEY);

  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  static TributaryAccount account(String name, String namespace) {
    TributaryAccount a = new TributaryAccount();
    a.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withUid("5e1f7c3a-1111-2222-3333-444455556666")
            .withGeneration(1L)
            .build());
    TributaryAccountSpec spec = new TributaryAccountSpec();
    spec.controlPlane = new ControlPlaneRef();
    spec.controlPlane.url = "http://tributary-control:8080";
    spec.controlPlane.tokenSecret = new SecretKey();
    spec.controlPlane.tokenSecret.name = "tributary-token";
    a.setSpec(spec);
    return a;
  }

  /** {@link #VIEW} with {@code changes} (JSON Pointer → JSON value) applied. */
  static Account shown(String... changes) {
    try {
      JsonNode n = JSON.readTree(VIEW);
      for (int i = 0; i < changes.length; i += 2) {
        String pointer = changes[i];
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) n.at(pointer.substring(0, slash)))
            .set(pointer.substring(slash + 1), JSON.readTree(changes[i + 1]));
      }
      return Account.of(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
