package io.tributary.dataplane.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.tributary.auth.subject.Subjects;
import io.tributary.dataplane.account.Account;
import io.tributary.dataplane.account.AccountRegistry;
import io.tributary.dataplane.client.Subscriber;
import io.tributary.dataplane.client.Subscription;

/**
 * The full resolver's request subjects in the system account, with nats-server's subjects and JSON:
 * {@code $SYS.REQ.CLAIMS.UPDATE}, {@code $SYS.REQ.ACCOUNT.<id>.CLAIMS.UPDATE} (and the older {@code
 * $SYS.ACCOUNT.<id>.CLAIMS.UPDATE}), {@code $SYS.REQ.ACCOUNT.<id>.CLAIMS.LOOKUP}, {@code
 * $SYS.REQ.CLAIMS.LIST} and {@code $SYS.REQ.CLAIMS.DELETE}. Only connections of the system account
 * can reach them, because they are subscriptions in that account. Requests are handled one at a
 * time on a worker thread, so storing (fsync) never blocks an event loop.
 */
public final class ResolverService implements Subscriber, AutoCloseable {
  static final String UPDATE = "$SYS.REQ.CLAIMS.UPDATE";
  static final String ACCOUNT_UPDATE = "$SYS.REQ.ACCOUNT.*.CLAIMS.UPDATE";
  static final String OLD_ACCOUNT_UPDATE = "$SYS.ACCOUNT.*.CLAIMS.UPDATE";
  static final String LOOKUP = "$SYS.REQ.ACCOUNT.*.CLAIMS.LOOKUP";
  static final String LIST = "$SYS.REQ.CLAIMS.LIST";
  static final String DELETE = "$SYS.REQ.CLAIMS.DELETE";
  private final Account system;
  private final AccountRegistry accounts;
  private final SystemPublisher publisher;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "resolver");
            t.setDaemon(true);
            return t;
          });
  private final List<Subscription> subscriptions = new ArrayList<>();

  ResolverService(SystemPublisher publisher, AccountRegistry accounts) {
    this.system = publisher.system();
    this.accounts = accounts;
    this.publisher = publisher;
    int sid = 0;
    for (String subject :
        List.of(UPDATE, ACCOUNT_UPDATE, OLD_ACCOUNT_UPDATE, LOOKUP, LIST, DELETE)) {
      Subscription s = new Subscription(this, subject, null, "resolver-" + sid++);
      subscriptions.add(s);
      system.sublist().insert(s);
    }
  }

  @Override
  public boolean deliver(
      Subscription sub,
      byte[] subject,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    int skip = Math.max(0, headerSize); // a request may carry headers; the JWT is the payload
    String body = new String(buf, offset + skip, size - skip, StandardCharsets.UTF_8);
    String s = new String(subject, StandardCharsets.UTF_8);
    String r = reply == null ? null : new String(reply, StandardCharsets.UTF_8);
    worker.execute(() -> handle(sub.subject(), s, r, body));
    return true;
  }

  @Override
  public long id() {
    return 0;
  }

  @Override
  public Account account() {
    return system;
  }

  private void handle(String pattern, String subject, String reply, String body) {
    List<String> tokens = Subjects.tokenize(subject);
    switch (pattern) {
      case UPDATE -> respond(reply, accounts.update(body, null));
      case ACCOUNT_UPDATE -> respond(reply, accounts.update(body, tokens.get(3)));
      case OLD_ACCOUNT_UPDATE -> respond(reply, accounts.update(body, tokens.get(2)));
      case LOOKUP -> {
        String jwt = accounts.jwt(tokens.get(3));
        // empty: not found
        publisher.publish(reply, jwt == null ? new byte[0] : jwt.getBytes(StandardCharsets.UTF_8));
      }
      case LIST -> publisher.publish(reply, publisher.envelope("data", accounts.names()));
      case DELETE -> respond(reply, accounts.delete(body, system.name()));
      default -> {}
    }
  }

  private void respond(String reply, AccountRegistry.Result result) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("account", result.account());
    d.put("code", result.code());
    if (result.isOk()) {
      d.put("message", result.message());
      publisher.publish(reply, publisher.envelope("data", d));
    } else {
      d.put("description", result.message());
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("error", d);
      r.put("server", publisher.identity());
      publisher.publish(reply, r);
    }
  }

  @Override
  public void close() {
    subscriptions.forEach(s -> system.sublist().remove(s));
    worker.shutdown();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
