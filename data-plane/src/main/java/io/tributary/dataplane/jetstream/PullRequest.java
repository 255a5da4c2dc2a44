package io.tributary.dataplane.jetstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A pull request waiting on a consumer ({@code CONSUMER.MSG.NEXT}): the inbox to deliver to, what
 * is left of its batch and byte budget, when it expires and when its next idle heartbeat is due.
 * Times are monotonic nanoseconds. Guarded by its consumer's lock.
 */
final class PullRequest {
  final String reply;
  long batch;
  long maxBytes; // 0: no byte budget
  final boolean noWait;
  final long expires; // 0: never
  final long heartbeat; // 0: none
  long nextHeartbeat;
  long delivered;
  final boolean hadMaxBytes;

  private PullRequest(
      String reply,
      long batch,
      long maxBytes,
      boolean noWait,
      long expires,
      long heartbeat,
      long now) {
    this.reply = reply;
    this.batch = batch;
    this.maxBytes = maxBytes;
    this.hadMaxBytes = maxBytes > 0;
    this.noWait = noWait;
    this.expires = expires;
    this.heartbeat = heartbeat;
    this.nextHeartbeat = heartbeat > 0 ? now + heartbeat : Long.MAX_VALUE;
  }

  /** What a malformed request is answered with: {@code 400 Bad Request - <why>}. */
  static final class Invalid extends Exception {
    Invalid(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * Parses a request body as nats-server does: empty is one message; a number is a batch; JSON has
   * {@code batch}, {@code expires}, {@code max_bytes}, {@code no_wait} and {@code idle_heartbeat}.
   * The relative {@code expires} is returned as given (nanoseconds), for the max-expires check.
   */
  static PullRequest parse(String reply, byte[] body, long now) throws Invalid {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return new PullRequest(reply, 1, 0, false, 0, 0, now);
    }
    if (text.charAt(0) != '{') {
      long n;
      try {
        n = Long.parseLong(text);
      } catch (NumberFormatException e) {
        n = 1;
      }
      return new PullRequest(reply, Math.max(1, n), 0, false, 0, 0, now);
    }
    JsonNode r;
    try {
      r = Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new Invalid(Json.describe(e));
    }
    long batch = r.path("batch").asLong(0);
    long expires = r.path("expires").asLong(0);
    long hb = r.path("idle_heartbeat").asLong(0);
    if (hb > 0 && hb * 2 > expires) {
      throw new Invalid("heartbeat value too large");
    }
    return new PullRequest(
        reply,
        Math.max(1, batch),
        Math.max(0, r.path("max_bytes").asLong(0)),
        r.path("no_wait").asBoolean(false),
        expires > 0 ? now + expires : 0,
        Math.max(0, hb),
        now);
  }

  long expiresIn(long now) {
    return expires == 0 ? 0 : expires - now;
  }
}
