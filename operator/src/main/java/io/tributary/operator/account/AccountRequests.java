package io.tributary.operator.account;

import io.tributary.operator.crd.TributaryAccount;
import io.tributary.operator.crd.TributaryAccountSpec;
import io.tributary.operator.reconcile.Ownership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The control plane's request bodies for an account, from its resource. */
public final class AccountRequests {
  static final ObjectMapper JSON = new ObjectMapper();

  private AccountRequests() {}

  /**
   * {@code NewAccount}: the name, what the spec sets, and the tag that marks it as this resource's.
   */
  public static ObjectNode newAccount(TributaryAccount account) {
    TributaryAccountSpec spec = account.getSpec();
    ObjectNode body = JSON.createObjectNode().put("name", AccountRef.nameOf(account));
    if (spec.description != null) {
      body.put("description", spec.description);
    }
    if (spec.limits != null) {
      body.set("limits", limits(spec));
    }
    body.putArray("tags").add(Ownership.tag(account));
    if (spec.clusters != null) {
      spec.clusters.forEach(body.putArray("clusters")::add);
    }
    return body;
  }

  /** The spec's limits as the API takes them: only the fields it sets. */
  static JsonNode limits(TributaryAccountSpec spec) {
    return JSON.valueToTree(spec.limits);
  }

  /** {@code NewExport}; a stream export has no response type. */
  public static ObjectNode newExport(TributaryAccountSpec.Export export) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("name", export.name)
            .put("subject", export.subject)
            .put("type", export.type)
            .put("tokenRequired", export.tokenRequired);
    if ("service".equals(export.type) && export.responseType != null) {
      body.put("responseType", export.responseType);
    }
    if (export.description != null) {
      body.put("description", export.description);
    }
    return body;
  }

  /** {@code NewImport}, with the exporter's public key. */
  public static ObjectNode newImport(TributaryAccountSpec.Import imp, String exporterKey) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("name", imp.name)
            .put("type", imp.type)
            .put("account", exporterKey)
            .put("subject", imp.subject);
    if (imp.localSubject != null) {
      body.put("localSubject", imp.localSubject);
    }
    if (imp.token != null) {
      body.put("token", imp.token);
    }
    return body;
  }
}
