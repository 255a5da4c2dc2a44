package io.tributary.control.console;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Limits password guessing, in memory (the control plane is one process): after {@value
 * #USER_FAILURES} failed logins for a username, or {@value #ADDRESS_FAILURES} from a client address
 * (many people may share one), within an hour, that username or address is refused for 1 s, twice
 * as long after each further failure, up to 15 minutes. A successful login forgets the username's
 * failures, not the address's (one valid account must not reset it). At most {@value #MAX_KEYS}
 * usernames and addresses are kept, the least recently seen forgotten first.
 */
@ApplicationScoped
public class LoginThrottle {
  static final int USER_FAILURES = 5;
  static final int ADDRESS_FAILURES = 20;
  private static final int MAX_KEYS = 10_000;
  private static final long WINDOW = Duration.ofHours(1).toNanos();
  private static final long FIRST_LOCK = Duration.ofSeconds(1).toNanos();
  private static final long MAX_LOCK = Duration.ofMinutes(15).toNanos();

  @Inject AuditLog audit;

  /** A username (at most 64 characters kept: no longer one exists) or a client address. */
  private record Key(String kind, String value) {
    static Key user(String username) {
      return new Key("username", username.substring(0, Math.min(username.length(), 64)));
    }
  }

  private static final class Failures {
    int count;
    long last;
    long lockedUntil;
    boolean audited; // the current lock's first refusal
  }

  private record Refusal(Key key, long nanos, int failures, boolean audit) {}

  private final Map<Key, Failures> failures =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Failures> eldest) {
          return size() > MAX_KEYS;
        }
      };

  /** 429 while the username or the caller's address is refused; each lock's first is audited. */
  public void requireAllowed(String username, Actor by) {
    Refusal r = refusal(username, by.source());
    if (r == null) {
      return;
    }
    String what = r.failures() + " failed logins for " + r.key().kind() + " " + r.key().value();
    if (r.audit()) {
      QuarkusTransaction.requiringNew()
          .run(() -> audit.record(by, "login.refused", null, r.key().value(), what));
    }
    throw ApiProblem.TOO_MANY_REQUESTS.exception(
        what + "; try again later", Duration.ofNanos(r.nanos()));
  }

  /** A wrong password for {@code username} from the caller's address. */
  public synchronized void failed(String username, Actor by) {
    long now = System.nanoTime();
    for (Key k : keys(username, by.source())) {
      Failures f = failures.computeIfAbsent(k, x -> new Failures());
      if (now - f.last > WINDOW && now - f.lockedUntil > 0) {
        f.count = 0; // what is older than the window is forgotten
      }
      f.count++;
      f.last = now;
      int over = f.count - (k.kind().equals("address") ? ADDRESS_FAILURES : USER_FAILURES);
      if (over >= 0) {
        f.lockedUntil = now + Math.min(FIRST_LOCK << Math.min(over, 20), MAX_LOCK);
        f.audited = false;
      }
    }
  }

  /** The password was right: the username's failures are forgotten. */
  public synchronized void succeeded(String username) {
    failures.remove(Key.user(username));
  }

  private synchronized Refusal refusal(String username, String address) {
    long now = System.nanoTime();
    Key key = null;
    Failures longest = null;
    for (Key k : keys(username, address)) {
      Failures f = failures.get(k);
      if (f != null
          && now - f.lockedUntil < 0
          && (longest == null || f.lockedUntil - longest.lockedUntil > 0)) {
        key = k;
        longest = f;
      }
    }
    if (longest == null) {
      return null;
    }
    boolean audit = !longest.audited;
    longest.audited = true;
    return new Refusal(key, longest.lockedUntil - now, longest.count, audit);
  }

  private static List<Key> keys(String username, String address) {
    return address == null
        ? List.of(Key.user(username))
        : List.of(Key.user(username), new Key("address", address));
  }
}
