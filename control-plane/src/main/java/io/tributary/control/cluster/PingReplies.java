package io.tributary.control.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;

/**
 * A request that several nodes answer ({@code $SYS.REQ.….PING.…}): every reply that arrives within
 * {@code first} for the first one and {@code rest} after it, at most {@code expected}.
 */
public final class PingReplies {
  private PingReplies() {}

  /** The replies, possibly none. */
  public static List<Message> gather(
      Connection c, String subject, byte[] body, int expected, Duration first, Duration rest)
      throws InterruptedException {
    String inbox = c.createInbox();
    Subscription sub = c.subscribe(inbox);
    try {
      c.publish(subject, inbox, body);
      List<Message> replies = new ArrayList<>();
      Message m = sub.nextMessage(first);
      long until = System.nanoTime() + rest.toNanos();
      while (m != null) {
        replies.add(m);
        long left = until - System.nanoTime();
        if (replies.size() >= expected || left <= 0) {
          break;
        }
        m = sub.nextMessage(Duration.ofNanos(left));
      }
      return replies;
    } finally {
      sub.unsubscribe();
    }
  }
}
