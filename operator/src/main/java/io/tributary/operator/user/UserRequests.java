package io.tributary.operator.user;

import java.util.ArrayList;
import java.util.List;

import io.tributary.operator.controlplane.ControlPlaneClient.User;
import io.tributary.operator.crd.TributaryUser;
import io.tributary.operator.crd.TributaryUserSpec;
import io.tributary.operator.reconcile.JsonDiff;
import io.tributary.operator.reconcile.Ownership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The control plane's request bodies for a user ({@code UserBody}), from its resource, and where
 * the user in the control plane differs from it. The API replaces permissions, limits and expiry as
 * a whole, so each is compared as a whole; unset ones are not managed.
 */
public final class UserRequests {
  private static final ObjectMapper JSON = new ObjectMapper();

  private UserRequests() {}

  /** The user's name in the account: {@code spec.userName}, else the resource's. */
  public static String userName(TributaryUser user) {
    String n = user.getSpec().userName;
    return n == null || n.isBlank() ? user.getMetadata().getName() : n;
  }

  /** A new user: its name, what the spec sets, and the tag that marks it as this resource's. */
  public static ObjectNode newUser(TributaryUser user) {
    ObjectNode body = JSON.createObjectNode().put("name", userName(user));
    body.setAll(change(user));
    body.putArray("tags").add(Ownership.tag(user));
    return body;
  }

  /** The change that makes the user as the spec says: every field it sets. */
  public static ObjectNode change(TributaryUser user) {
    TributaryUserSpec spec = user.getSpec();
    ObjectNode body = JSON.createObjectNode();
    if (spec.permissions != null) {
      body.set("permissions", JSON.valueToTree(spec.permissions));
    }
    if (spec.limits != null) {
      body.set("limits", JSON.valueToTree(spec.limits));
    }
    if (spec.bearer != null) {
      body.put("bearer", spec.bearer);
    }
    if (spec.expiry != null) {
      body.set("expiry", JSON.valueToTree(spec.expiry));
    }
    return body;
  }

  /**
   * The paths at which the user differs from what the spec sets ({@code permissions.pub.allow}).
   */
  public static List<String> differences(TributaryUser user, User there) {
    JsonNode shown = JSON.valueToTree(there);
    ObjectNode wanted = change(user);
    List<String> out = new ArrayList<>();
    wanted.fieldNames().forEachRemaining(k -> JsonDiff.diff(k, wanted.get(k), shown.get(k), out));
    return out;
  }
}
