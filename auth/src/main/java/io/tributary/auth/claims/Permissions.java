package io.tributary.auth.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Publish, subscribe and response permissions; an account's {@code default_permissions}. */
@JsonPropertyOrder({"pub", "sub", "resp"})
public final class Permissions extends JsonFields {
  public Permission pub = new Permission();

  public Permission sub = new Permission();

  @JsonInclude(Include.NON_NULL)
  public ResponsePermission resp;

  public boolean isEmpty() {
    return pub.isEmpty() && sub.isEmpty() && resp == null;
  }
}
