package io.tributary.control.user;

import java.util.List;

import io.tributary.auth.claims.Permission;
import io.tributary.auth.claims.UserClaims;

/** A user's publish and subscribe permissions; an empty list allows or denies nothing extra. */
public record UserPermissions(Rules pub, Rules sub) {
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
  }

  public static UserPermissions none() {
    return new UserPermissions(Rules.none(), Rules.none());
  }

  UserPermissions complete() {
    return new UserPermissions(pub == null ? Rules.none() : pub, sub == null ? Rules.none() : sub);
  }

  void applyTo(UserClaims c) {
    pub.applyTo(c.nats.pub);
    sub.applyTo(c.nats.sub);
  }
}
