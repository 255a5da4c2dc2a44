package io.tributary.auth.claims;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Allow and deny lists of subjects for publish or subscribe. In a {@code sub} permission an entry
 * may be {@code "subject queue"} to limit a queue subscription.
 */
@JsonPropertyOrder({"allow", "deny"})
public final class Permission extends JsonFields {
  @JsonInclude(Include.NON_EMPTY)
  public List<String> allow = new ArrayList<>();

  @JsonInclude(Include.NON_EMPTY)
  public List<String> deny = new ArrayList<>();

  public Permission allow(String... subjects) {
    allow.addAll(List.of(subjects));
    return this;
  }

  public Permission deny(String... subjects) {
    deny.addAll(List.of(subjects));
    return this;
  }

  public boolean isEmpty() {
    return allow.isEmpty() && deny.isEmpty();
  }
}
