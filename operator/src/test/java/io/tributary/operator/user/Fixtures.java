package io.tributary.operator.user;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.operator.controlplane.ControlPlaneClient.User;
import io.tributary.operator.crd.TributaryUser;
import io.tributary.operator.crd.TributaryUserSpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Users, as resources and as the control plane shows them, and creds files made by auth/. */
final class Fixtures {
  static final String UID = "7a2b9c4d-1111-2222-3333-444455556666";
  static final NKey ACCOUNT = NKey.generate(NKeyType.ACCOUNT);
  static final NKey SIGNING_KEY = NKey.generate(NKeyType.ACCOUNT);

  private Fixtures() {}

  static TributaryUser user(String name, String namespace) {
    TributaryUser u = new TributaryUser();
    u.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withUid(UID)
            .withGeneration(1L)
            .build());
    u.setSpec(new TributaryUserSpec());
    u.getSpec().account = "orders";
    return u;
  }

  /** A {@code UserView} as the control plane answers it; {@code fields} is JSON to merge in. */
  static User shown(String publicKey, long version, String fields) {
    try {
      ObjectMapper json = new ObjectMapper();
      ObjectNode view =
          (ObjectNode)
              json.readTree(
                  """
                  {"name":"app","publicKey":"%s","signingKey":"%s","permissions":null,
                   "limits":null,"bearer":false,"connectionTypes":null,"sources":null,
                   "times":null,"timesLocation":null,
                   "tags":["tributary-operator:messaging/app"],"expiry":null,"version":%d}
                  """
                      .formatted(publicKey, SIGNING_KEY.publicKey(), version));
      view.setAll((ObjectNode) json.readTree(fields));
      return User.of(view);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A creds file as the control plane issues it: signed by a signing key of {@link #ACCOUNT}. */
  static String creds(NKey user, Instant issuedAt, Instant expiresAt) {
    UserClaims c = UserClaims.create(user.publicKey(), "app");
    c.nats.issuerAccount = ACCOUNT.publicKey();
    if (expiresAt != null) {
      c.expires = expiresAt.getEpochSecond();
    }
    return CredsFile.format(JwtCodec.encode(c, SIGNING_KEY, issuedAt.getEpochSecond()), user);
  }
}
