package io.tributary.dataplane.system;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.auth.subject.Subjects;
import io.tributary.dataplane.account.AccountRegistry;
import io.tributary.dataplane.account.InternalClient;

/**
 * The full resolver's request subjects in the system account, with nats-server's subjects and JSON:
 * {@code $SYS.REQ.CLAIMS.UPDATE}, {@code $SYS.REQ.ACCOUNT.<id>.CLAIMS.UPDATE} (and the older {@code
 * $SYS.ACCOUNT.<id>.CLAIMS.UPDATE}), {@code $SYS.REQ.ACCOUNT.<id>.CLAIMS.LOOKUP}, {@code
 * $SYS.REQ.CLAIMS.LIST} and {@code $SYS.REQ.CLAIMS.DELETE}. Only connections of the system account
 * can reach them, because they are subscriptions in that account. Requests are handled one at a
 * time on the system services' worker thread, so storing (fsync) never blocks an event loop.
 */
final class ResolverService {
  static final String UPDATE = "$SYS.REQ.CLAIMS.UPDATE";
  static final String ACCOUNT_UPDATE = "$SYS.REQ.ACCOUNT.*.CLAIMS.UPDATE";
  static final String OLD_ACCOUNT_UPDATE = "$SYS.ACCOUNT.*.CLAIMS.UPDATE";
  static final String LOOKUP = "$SYS.REQ.ACCOUNT.*.CLAIMS.LOOKUP";
  static final String LIST = "$SYS.REQ.CLAIMS.LIST";
  static final String DELETE = "$SYS.REQ.CLAIMS.DELETE";
  private final String system;
  private final AccountRegistry accounts;
  private final SystemPublisher publisher;

  /** Subscribes the resolver's subjects; the client's executor runs one request at a time. */
  ResolverService(SystemPublisher publisher, AccountRegistry accounts) {
    this.system = publisher.client().account().name();
    this.accounts = accounts;
    this.publisher = publisher;
    for (String subject :
        List.of(UPDATE, ACCOUNT_UPDATE, OLD_ACCOUNT_UPDATE, LOOKUP, LIST, DELETE)) {
      publisher.client().subscribe(subject, this::handle);
    }
  }

  // A request may carry headers; the JWT is the payload.
  private void handle(InternalClient.Message m) {
    List<String> tokens = Subjects.tokenize(m.subject());
    String reply = m.reply();
    String body = m.payloadText();
    switch (m.subscription()) {
      case UPDATE -> respond(reply, accounts.update(body, null));
      case ACCOUNT_UPDATE -> respond(reply, accounts.update(body, tokens.get(3)));
      case OLD_ACCOUNT_UPDATE -> respond(reply, accounts.update(body, tokens.get(2)));
      case LOOKUP -> {
        String jwt = accounts.jwt(tokens.get(3));
        // empty: not found
        publisher.publish(reply, jwt == null ? new byte[0] : jwt.getBytes(StandardCharsets.UTF_8));
      }
      case LIST -> publisher.publish(reply, publisher.envelope("data", accounts.names()));
      case DELETE -> respond(reply, accounts.delete(body, system));
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
}
