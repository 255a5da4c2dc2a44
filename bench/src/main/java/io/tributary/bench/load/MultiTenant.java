package io.tributary.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.OperatorClaims;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;

/**
 * The multi-tenant run of operator mode, side by side: one operator, a system account and {@code
 * accounts} tenant accounts with {@code users} users each, loaded into nats-server (memory resolver
 * with preload) and into our node (full resolver with preload). It measures how fast all those
 * users connect (each with its own JWT and nonce signature, over {@link RawConnect} sockets so the
 * client adds no threads; all stay connected until the run ends), and what 20 allow plus 20 deny
 * permission entries cost a 1:1 pub/sub run (jnats) inside one account.
 */
public final class MultiTenant {
  /** A user's JWT and key. */
  record User(String jwt, NKey key) {}

  private static final int PERMISSION_ENTRIES = 20;

  private MultiTenant() {}

  public static void main(Path repoRoot, int accounts, int usersPerAccount, long msgs, int size)
      throws Exception {
    Path dir = Files.createTempDirectory("tributary-bench-tenants");
    NKey operator = NKey.generate(NKeyType.OPERATOR);
    NKey signer = NKey.generate(NKeyType.OPERATOR);
    NKey system = NKey.generate(NKeyType.ACCOUNT);
    OperatorClaims op = OperatorClaims.create(operator.publicKey(), "bench");
    op.nats.signingKeys.add(signer.publicKey());
    op.nats.systemAccount = system.publicKey();
    Path operatorFile =
        Files.writeString(dir.resolve("operator.jwt"), JwtCodec.encode(op, operator));
    Path preload = Files.createDirectories(dir.resolve("preload"));
    StringBuilder natsConf =
        new StringBuilder("operator: \"" + operatorFile + "\"\n")
            .append("system_account: ")
            .append(system.publicKey())
            .append("\nresolver: MEMORY\nresolver_preload: {\n");
    List<User> users = new ArrayList<>();
    User plainPub = null;
    User plainSub = null;
    User permPub = null;
    User permSub = null;
    for (int a = 0; a <= accounts; a++) {
      NKey key = a == 0 ? system : NKey.generate(NKeyType.ACCOUNT);
      String jwt = JwtCodec.encode(AccountClaims.create(key.publicKey(), "tenant-" + a), signer);
      Files.writeString(preload.resolve(key.publicKey() + ".jwt"), jwt);
      natsConf.append("  ").append(key.publicKey()).append(": \"").append(jwt).append("\"\n");
      if (a == 0) {
        continue;
      }
      for (int u = 0; u < usersPerAccount; u++) {
        users.add(user(key, "u" + u, null));
      }
      if (a == 1) {
        plainPub = user(key, "plain-pub", null);
        plainSub = user(key, "plain-sub", null);
        permPub = user(key, "perm-pub", true);
        permSub = user(key, "perm-sub", false);
      }
    }
    Path conf = Files.writeString(dir.resolve("nats.conf"), natsConf.append("}\n"));

    List<SideBySide.Target> targets = new ArrayList<>();
    try {
      targets.add(SideBySide.startNatsServer(List.of("-c", conf.toString())));
      targets.add(
          SideBySide.startNode(
              repoRoot,
              List.of(
                  "--operator",
                  operatorFile.toString(),
                  "--system-account",
                  system.publicKey(),
                  "--resolver-dir",
                  dir.resolve("resolver").toString(),
                  "--resolver-preload",
                  preload.toString())));
      List<String[]> rows = new ArrayList<>();
      String label = accounts + " accounts × " + usersPerAccount + " users connect";
      var connects =
          SideBySide.compare(
              rows,
              targets,
              label + " (connections/s)",
              url -> LoadRuns.conns(i -> rawConnect(url, users.get(i)), users.size(), 8),
              false);
      for (String p : List.of("p50", "p99")) {
        java.util.function.ToDoubleFunction<LoadResult> f =
            p.equals("p50") ? LoadResult::p50Micros : LoadResult::p99Micros;
        rows.add(
            SideBySide.row(
                label + " " + p + " (µs)",
                SideBySide.median(connects.get(0), f),
                SideBySide.median(connects.get(1), f)));
      }
      User pp = plainPub;
      User ps = plainSub;
      User rp = permPub;
      User rs = permSub;
      var plain =
          SideBySide.compare(
              rows,
              targets,
              "pub/sub " + size + " B in one account, no permissions (msgs/s)",
              url -> LoadRuns.fanout(() -> connect(url, pp), () -> connect(url, ps), 1, msgs, size),
              false);
      var perms =
          SideBySide.compare(
              rows,
              targets,
              "pub/sub " + size + " B, 20 allow + 20 deny entries (msgs/s)",
              url -> LoadRuns.fanout(() -> connect(url, rp), () -> connect(url, rs), 1, msgs, size),
              false);
      double natsCost = rate(perms.get(0)) / rate(plain.get(0));
      double oursCost = rate(perms.get(1)) / rate(plain.get(1));
      rows.add(
          new String[] {
            "with permissions / without",
            String.format(java.util.Locale.ROOT, "%.2f", natsCost),
            String.format(java.util.Locale.ROOT, "%.2f", oursCost),
            ""
          });
      SideBySide.printTable(rows);
    } finally {
      SideBySide.stop(targets);
    }
  }

  private static double rate(List<LoadResult> results) {
    return SideBySide.median(results, LoadResult::msgsPerSecond);
  }

  private static io.nats.client.Connection connect(String url, User u) throws Exception {
    return LoadRuns.connect(url, u.jwt(), u.key().seed());
  }

  private static RawConnect rawConnect(String url, User u) throws Exception {
    return RawConnect.open(url, u.jwt(), u.key());
  }

  /**
   * A user of {@code account}; {@code publisher} true or false gives it 20 allow and 20 deny
   * entries for publishing or subscribing (the benchmark subject is the last allow entry), null
   * none.
   */
  private static User user(NKey account, String name, Boolean publisher) {
    NKey key = NKey.generate(NKeyType.USER);
    UserClaims c = UserClaims.create(key.publicKey(), name);
    if (publisher != null) {
      var p = publisher ? c.nats.pub : c.nats.sub;
      for (int i = 0; i < PERMISSION_ENTRIES - 1; i++) {
        p.allow("orders." + i + ".>");
      }
      p.allow("bench.fanout");
      for (int i = 0; i < PERMISSION_ENTRIES; i++) {
        p.deny("secret." + i + ".*");
      }
    }
    return new User(JwtCodec.encode(c, account), key);
  }
}
