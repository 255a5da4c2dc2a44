package io.tributary.control.model;

import java.util.List;

import io.tributary.auth.claims.Permission;
import io.tributary.auth.claims.ResponsePermission;
import io.tributary.auth.claims.UserPermissionLimits;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Publish and subscribe permissions, and the response permission (may publish to reply subjects of
 * requests it received: at most {@code max} messages within {@code ttlMillis}).
 */
public record UserPermissions(Rules pub, Rules sub, @Valid Response resp) {
  /** Allow and deny lists of subjects (wildcards allowed; subscribe entries may add a queue). */
  public record Rules(List<String> allow, List<String> deny) {
    static Rules none() {
      return new Rules(List.of(), List.of());
    }

    void applyTo(Permission p) {
      if (allow != null) {
        p.allow.addAll(allow);
      }
      if (deny != null) {
        p.deny.addAll(deny);
      }
    }

    boolean isEmpty() {
      return (allow == null || allow.isEmpty()) && (deny == null || deny.isEmpty());
    }
  }

  /** How many replies, for how long, a user may send to requests it received. */
  public record Response(
      @Min(-1) @Max(1_000_000) int max, @Min(0) @Max(86_400_000) long ttlMillis) {}

  public static UserPermissions none() {
    return new UserPermissions(Rules.none(), Rules.none(), null);
  }

  UserPermissions complete() {
    return new UserPermissions(
        pub == null ? Rules.none() : pub, sub == null ? Rules.none() : sub, resp);
  }

  boolean isEmpty() {
    return (pub == null || pub.isEmpty()) && (sub == null || sub.isEmpty()) && resp == null;
  }

  public void applyTo(UserPermissionLimits p) {
    complete().pub.applyTo(p.pub);
    complete().sub.applyTo(p.sub);
    if (resp != null) {
      p.resp = new ResponsePermission(resp.max, resp.ttlMillis * 1_000_000L);
    }
  }
}
