package io.tributary.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.OperatorClaims;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;

/**
 * One operator (with a signing key) and its system account, from which benchmark runs add tenant
 * accounts and users, and which both servers load the same way: nats-server from a config file with
 * a memory resolver and preloaded account JWTs, our node with a full resolver and a preload
 * directory.
 */
final class OperatorFixture {
  /** A user's JWT and key. */
  record User(String jwt, NKey key) {}

  private final Path dir;
  private final NKey system = NKey.generate(NKeyType.ACCOUNT);
  private final NKey signer = NKey.generate(NKeyType.OPERATOR);
  private final Path operatorFile;
  private final Path preload;
  private final StringBuilder natsConf;

  OperatorFixture(Path dir) throws IOException {
    this.dir = dir;
    NKey operator = NKey.generate(NKeyType.OPERATOR);
    OperatorClaims op = OperatorClaims.create(operator.publicKey(), "bench");
    op.nats.signingKeys.add(signer.publicKey());
    op.nats.systemAccount = system.publicKey();
    operatorFile = Files.writeString(dir.resolve("operator.jwt"), JwtCodec.encode(op, operator));
    preload = Files.createDirectories(dir.resolve("preload"));
    natsConf =
        new StringBuilder("operator: \"" + operatorFile + "\"\n")
            .append("system_account: ")
            .append(system.publicKey())
            .append("\nresolver: MEMORY\nresolver_preload: {\n");
    addAccount(system, "system");
  }

  /** A new tenant account with default limits. */
  NKey account(String name) throws IOException {
    NKey key = NKey.generate(NKeyType.ACCOUNT);
    addAccount(key, name);
    return key;
  }

  private void addAccount(NKey key, String name) throws IOException {
    String jwt = JwtCodec.encode(AccountClaims.create(key.publicKey(), name), signer);
    Files.writeString(preload.resolve(key.publicKey() + ".jwt"), jwt);
    natsConf.append("  ").append(key.publicKey()).append(": \"").append(jwt).append("\"\n");
  }

  /** A user of {@code account} without permissions or limits. */
  static User user(NKey account, String name) {
    NKey key = NKey.generate(NKeyType.USER);
    return user(account, UserClaims.create(key.publicKey(), name), key);
  }

  /** The user with {@code claims} (whose subject must be {@code key}'s), signed by the account. */
  static User user(NKey account, UserClaims claims, NKey key) {
    return new User(JwtCodec.encode(claims, account), key);
  }

  /** Arguments for nats-server: {@code -c} and the config file, written now. */
  List<String> natsServerArgs() throws IOException {
    Path conf = Files.writeString(dir.resolve("nats.conf"), natsConf + "}\n");
    return List.of("-c", conf.toString());
  }

  /** Arguments for our node: the operator, system account, resolver and preload. */
  List<String> nodeArgs() {
    return List.of(
        "--operator",
        operatorFile.toString(),
        "--system-account",
        system.publicKey(),
        "--resolver-dir",
        dir.resolve("resolver").toString(),
        "--resolver-preload",
        preload.toString());
  }
}
