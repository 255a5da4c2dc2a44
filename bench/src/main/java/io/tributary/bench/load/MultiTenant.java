package io.tributary.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.bench.load.OperatorFixture.User;

/**
 * The multi-tenant run of operator mode, side by side: one operator, a system account and {@code
 * accounts} tenant accounts with {@code users} users each, loaded into nats-server (memory resolver
 * with preload) and into our node (full resolver with preload). It measures how fast all those
 * users connect (each with its own JWT and nonce signature, over {@link RawConnect} sockets so the
 * client adds no threads; all stay connected until the run ends), and what 20 allow plus 20 deny
 * permission entries cost a 1:1 pub/sub run (jnats) inside one account.
 */
public final class MultiTenant {
  private static final int PERMISSION_ENTRIES = 20;

  private MultiTenant() {}

  public static void main(Path repoRoot, int accounts, int usersPerAccount, long msgs, int size)
      throws Exception {
    OperatorFixture fixture =
        new OperatorFixture(Files.createTempDirectory("tributary-bench-tenants"));
    List<User> users = new ArrayList<>();
    User plainPub = null;
    User plainSub = null;
    User permPub = null;
    User permSub = null;
    for (int a = 1; a <= accounts; a++) {
      NKey key = fixture.account("tenant-" + a);
      for (int u = 0; u < usersPerAccount; u++) {
        users.add(OperatorFixture.user(key, "u" + u));
      }
      if (a == 1) {
        plainPub = OperatorFixture.user(key, "plain-pub");
        plainSub = OperatorFixture.user(key, "plain-sub");
        permPub = user(key, "perm-pub", true);
        permSub = user(key, "perm-sub", false);
      }
    }

    List<SideBySide.Target> targets = new ArrayList<>();
    try {
      targets.add(SideBySide.startNatsServer(fixture.natsServerArgs()));
      targets.add(SideBySide.startNode(repoRoot, fixture.nodeArgs()));
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
   * entries for publishing or subscribing (the benchmark subject is the last allow entry).
   */
  private static User user(NKey account, String name, boolean publisher) {
    NKey key = NKey.generate(NKeyType.USER);
    UserClaims c = UserClaims.create(key.publicKey(), name);
    var p = publisher ? c.nats.pub : c.nats.sub;
    for (int i = 0; i < PERMISSION_ENTRIES - 1; i++) {
      p.allow("orders." + i + ".>");
    }
    p.allow("bench.fanout");
    for (int i = 0; i < PERMISSION_ENTRIES; i++) {
      p.deny("secret." + i + ".*");
    }
    return OperatorFixture.user(account, c, key);
  }
}
