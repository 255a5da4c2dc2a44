package io.tributary.control.model;

import java.util.List;

import io.tributary.auth.claims.TimeRange;
import io.tributary.auth.claims.UserPermissionLimits;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a user's JWT grants, as the API and the database keep it: permissions, limits, bearer,
 * connection types, source networks, time windows, tags and the expiry policy of its creds. The
 * same shape (without tags and expiry) is a scoped signing key's template. Absent fields mean "not
 * restricted".
 */
public record UserSpec(
    @Valid UserPermissions permissions,
    @Valid Limits limits,
    Boolean bearer,
    List<
            @Pattern(
                regexp = "^(STANDARD|WEBSOCKET|LEAFNODE|LEAFNODE_WS|MQTT|MQTT_WS|IN_PROCESS)$",
                message =
                    "one of STANDARD, WEBSOCKET, LEAFNODE, LEAFNODE_WS, MQTT, MQTT_WS,"
                        + " IN_PROCESS")
            String>
        connectionTypes,
    List<String> sources,
    List<@Valid TimeWindow> times,
    @Size(max = 64) String timesLocation,
    List<@Size(min = 1, max = 255) String> tags,
    @Valid Expiry expiry) {

  /** Per-connection limits; -1 or absent is unlimited (the account's limits still apply). */
  public record Limits(@Min(-1) Long subs, @Min(-1) Long data, @Min(-1) Long payload) {}

  /** A daily window in which the user may connect ({@code "08:00:00"} to {@code "17:30:00"}). */
  public record TimeWindow(
      @Pattern(regexp = "^\\d{2}:\\d{2}:\\d{2}$", message = "HH:MM:SS") String start,
      @Pattern(regexp = "^\\d{2}:\\d{2}:\\d{2}$", message = "HH:MM:SS") String end) {}

  /** How long creds live: when a request names no ttl, and at most (seconds; absent: no expiry). */
  public record Expiry(
      @Min(1) @Max(315_360_000) Long defaultTtl, @Min(1) @Max(315_360_000) Long maxTtl) {}

  public static UserSpec empty() {
    return new UserSpec(null, null, null, null, null, null, null, null, null);
  }

  /** True if nothing that a scoped key's template would decide is set (tags and expiry may be). */
  public boolean grantsNothing() {
    return (permissions == null || permissions.isEmpty())
        && limits == null
        && !Boolean.TRUE.equals(bearer)
        && isEmpty(connectionTypes)
        && isEmpty(sources)
        && isEmpty(times)
        && (timesLocation == null || timesLocation.isEmpty());
  }

  /** Writes permissions and limits into a user JWT's body or a scoped key's template. */
  public void applyTo(UserPermissionLimits p) {
    p.unlimited();
    if (permissions != null) {
      permissions.applyTo(p);
    }
    if (limits != null) {
      p.subs = or(limits.subs(), p.subs);
      p.data = or(limits.data(), p.data);
      p.payload = or(limits.payload(), p.payload);
    }
    p.bearerToken = Boolean.TRUE.equals(bearer);
    if (connectionTypes != null) {
      p.allowedConnectionTypes.addAll(connectionTypes);
    }
    if (sources != null) {
      p.src.addAll(sources);
    }
    if (times != null) {
      times.forEach(t -> p.times.add(new TimeRange(t.start(), t.end())));
    }
    if (timesLocation != null && !timesLocation.isEmpty()) {
      p.timesLocation = timesLocation;
    }
  }

  /** The value of a limit for bound checks: absent is unlimited. */
  static long limit(Long v) {
    return v == null ? -1 : v;
  }

  private static long or(Long v, long dflt) {
    return v == null ? dflt : v;
  }

  private static boolean isEmpty(List<?> l) {
    return l == null || l.isEmpty();
  }
}
