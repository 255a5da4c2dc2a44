package io.tributary.dataplane.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.dataplane.config.ServerOptions;

/**
 * Operator-mode fixtures shared by the tests: our node and nats-server configured from the same
 * operator and account JWTs (connect to either with auth's {@code CredsClient}). Published in the
 * test-jar.
 */
public final class OperatorMode {
  private OperatorMode() {}

  /** Writes the accounts' JWTs as {@code <id>.jwt} into a new directory {@code dir/name}. */
  public static Path preload(Path dir, String name, List<TestAccount> accounts) throws IOException {
    return preload(dir, name, TestAccount.jwtsById(accounts));
  }

  /** Writes account JWTs (by account id) as {@code <id>.jwt} into a new directory. */
  public static Path preload(Path dir, String name, Map<String, String> jwtsById)
      throws IOException {
    Path preload = Files.createDirectories(dir.resolve(name));
    for (var e : jwtsById.entrySet()) {
      Files.writeString(preload.resolve(e.getKey() + ".jwt"), e.getValue());
    }
    return preload;
  }

  /**
   * Our node trusting {@code op}, with its resolver in {@code resolverDir}, preloading {@code
   * preload} (or nothing).
   */
  public static TestServer node(TestOperator op, Path resolverDir, Path preload) {
    return node(op.jwt(), op.system.id(), resolverDir, preload);
  }

  /** {@code b} with operator mode trusting {@code op}, for a node with more settings. */
  public static ServerOptions.Builder options(
      ServerOptions.Builder b, TestOperator op, Path resolverDir, Path preload) {
    return b.operator(
        new ServerOptions.OperatorOptions(List.of(op.jwt()), op.system.id(), resolverDir, preload));
  }

  /** Our node trusting an operator JWT made elsewhere. */
  public static TestServer node(
      String operatorJwt, String systemAccount, Path resolverDir, Path preload) {
    return TestServer.start(
        b ->
            b.operator(
                new ServerOptions.OperatorOptions(
                    List.of(operatorJwt), systemAccount, resolverDir, preload)));
  }

  /** nats-server in operator mode with a memory resolver preloaded with {@code accounts}. */
  public static NatsServerProcess reference(TestOperator op, Path dir, List<TestAccount> accounts)
      throws IOException {
    return reference(op.jwt(), op.system.id(), dir, TestAccount.jwtsById(accounts));
  }

  /**
   * nats-server in operator mode with a full resolver (deletes allowed) in a new directory under
   * {@code dir}, preloaded with {@code accounts}: the resolver a control plane pushes to.
   */
  public static NatsServerProcess referenceWithFullResolver(
      TestOperator op, Path dir, List<TestAccount> accounts) throws IOException {
    Path operator = Files.createTempFile(dir, "operator", ".jwt");
    Files.writeString(operator, op.jwt());
    Path jwts = Files.createTempDirectory(dir, "full-resolver");
    return NatsServerProcess.start(
        "operator: \""
            + operator
            + "\"\nsystem_account: "
            + op.system.id()
            + "\nresolver: {type: full, dir: \""
            + jwts
            + "\", allow_delete: true}\n"
            + NatsServerProcess.preload(accounts));
  }

  /** nats-server in operator mode trusting an operator JWT made elsewhere. */
  public static NatsServerProcess reference(
      String operatorJwt, String systemAccount, Path dir, Map<String, String> jwtsById)
      throws IOException {
    Path operator = Files.createTempFile(dir, "operator", ".jwt");
    Files.writeString(operator, operatorJwt);
    return NatsServerProcess.start(
        "operator: \""
            + operator
            + "\"\nsystem_account: "
            + systemAccount
            + "\nresolver: MEMORY\n"
            + NatsServerProcess.preload(jwtsById));
  }
}
