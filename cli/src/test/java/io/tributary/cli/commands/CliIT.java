package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.auth.creds.CredsFile;
import io.tributary.cli.config.Contexts;
import io.tributary.control.testing.ControlPlaneProcess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/**
 * Every command against a real control plane (the packaged service with its embedded PostgreSQL),
 * each with its happy path and its error path: exit codes 0 / 1 (the API's problem code on stderr)
 * / 2 (usage), output as a table, JSON, YAML or identifiers, files written 0600.
 */
class CliIT {
  private static ControlPlaneProcess controlPlane;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  private Path config;
  private final Map<String, String> variables = new HashMap<>();

  /** One command's outcome. */
  record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  @BeforeAll
  static void startControlPlane() throws Exception {
    controlPlane = ControlPlaneProcess.start();
  }

  @AfterAll
  static void stopControlPlane() throws Exception {
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  @BeforeEach
  void signIn() {
    config = home.resolve("config").resolve("tributary").resolve("config.json");
    stdin(ControlPlaneProcess.ADMIN_PASSWORD + "\n");
    ok("login", controlPlane.url(), "-u", "admin", "--password-stdin");
  }

  private String stdin = "";

  private CliIT stdin(String text) {
    this.stdin = text;
    return this;
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Environment env =
        new Environment(
            new Contexts(config),
            variables,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    stdin = "";
    CommandLine cli = TributaryCli.commandLine(env);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Run ok(String... args) {
    Run r = run(args);
    assertThat(r.exit()).as("exit of %s; stderr: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  private Run fails(int exit, String... args) {
    Run r = run(args);
    assertThat(r.exit())
        .as("exit of %s; stdout: %s", String.join(" ", args), r.out())
        .isEqualTo(exit);
    return r;
  }

  @Test
  void loginWhoamiContextsAndLogout() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent())))
        .isEqualTo("rwx------");
    assertThat(Files.readString(config)).doesNotContain(ControlPlaneProcess.ADMIN_PASSWORD);

    Run me = ok("whoami", "-o", "json");
    assertThat(me.json().path("username").asText()).isEqualTo("admin");
    assertThat(me.json().path("role").asText()).isEqualTo("operator-admin");
    assertThat(ok("whoami").out()).contains("username: admin").contains("role: operator-admin");

    // a wrong password: the API's problem on stderr, exit 1, the session kept
    Run wrong =
        stdin("not-the-password\n")
            .run(
                "login",
                controlPlane.url(),
                "-u",
                "admin",
                "--password-stdin",
                "--context",
                "other");
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).contains("error: invalid-credentials");
    assertThat(wrong.err()).doesNotContain("not-the-password");

    String context = controlPlane.url().substring("http://".length());
    assertThat(ok("context", "list").out())
        .containsPattern(
            context.replace(".", "\\.")
                + " +\\* +"
                + controlPlane.url().replace(".", "\\.")
                + " +admin");
    ok("context", "set", "--account", "nowhere");
    assertThat(ok("context", "list", "-o", "json").json().get(0).path("account").asText())
        .isEqualTo("nowhere");
    fails(2, "context", "use", "missing");

    ok("logout");
    Run out = fails(1, "whoami");
    assertThat(out.err()).contains("not-logged-in").contains("tributary login");

    // an unreachable control plane: exit 1, said plainly
    Run down = stdin("x\n").run("login", "http://127.0.0.1:1", "-u", "admin", "--password-stdin");
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.err()).contains("no-connection").contains("http://127.0.0.1:1");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(fails(2, "nonsense").err()).contains("Unmatched argument");
    assertThat(fails(2, "account").err()).contains("Missing required subcommand");
    assertThat(fails(2, "account", "create").err()).contains("NAME");
    assertThat(fails(2, "user", "list").err()).contains("which account?");
    assertThat(fails(2, "account", "create", "x", "--set", "limits.nope=1").err())
        .contains("no such field in AccountLimits")
        .contains("conn");
    assertThat(fails(2, "account", "create", "x", "--set", "limits.conn=many").err())
        .contains("not a valid integer");
    assertThat(ok("account", "--help").out()).contains("create").contains("push-status");
  }

  @Test
  void accounts() throws Exception {
    Run created =
        ok(
            "account",
            "create",
            "cli-acc",
            "--description",
            "from the CLI",
            "--tag",
            "gold",
            "--set",
            "limits.conn=7");
    assertThat(created.out()).contains("Created account cli-acc.");
    assertThat(ok("account", "list").out())
        .containsPattern("(?m)^NAME +PUBLIC KEY")
        .containsPattern("(?m)^cli-acc +A[A-Z2-7]{55} +7 ");
    assertThat(ok("account", "list", "-q").out().lines()).contains("cli-acc");
    assertThat(
            ok("account", "list", "--search", "CLI-A", "--sort", "-createdAt", "-q").out().lines())
        .containsExactly("cli-acc");
    // what its nodes say: there are none here, and the commands say so (the API's no-node)
    for (String[] inspect :
        List.of(
            new String[] {"account", "usage", "cli-acc"},
            new String[] {"stream", "list", "-a", "cli-acc"},
            new String[] {"stream", "messages", "ORDERS", "-a", "cli-acc", "--subject", "a.>"},
            new String[] {"kv", "keys", "config", "-a", "cli-acc"},
            new String[] {"object-store", "list", "-a", "cli-acc"})) {
      assertThat(fails(1, inspect).err()).contains("no-node");
    }
    // an invitation to the account's admin: a link to the console, listed, revoked
    String link = ok("invitation", "create", "cli-acc", "--note", "for Ada", "-q").out().strip();
    assertThat(link).startsWith(controlPlane.url() + "/invite#");
    JsonNode invitation = ok("invitation", "list", "-o", "json").json().get(0);
    assertThat(invitation.path("account").asText()).isEqualTo("cli-acc");
    assertThat(invitation.path("state").asText()).isEqualTo("pending");
    assertThat(ok("invitation", "revoke", invitation.path("id").asText()).out())
        .contains("Deleted invitation");
    JsonNode shown = ok("account", "show", "cli-acc", "-o", "json").json();
    assertThat(shown.path("limits").path("conn").asLong()).isEqualTo(7);
    assertThat(shown.path("tags").get(0).asText()).isEqualTo("gold");
    assertThat(ok("account", "show", "cli-acc", "-o", "yaml").out())
        .contains("name: cli-acc")
        .contains("conn: 7");

    long version = shown.path("version").asLong();
    assertThat(ok("account", "edit", "cli-acc", "--set", "limits.subs=100").out())
        .contains("Changed account cli-acc");
    // a change made since the version the caller read is reported, not overwritten
    Run stale =
        fails(
            1,
            "account",
            "edit",
            "cli-acc",
            "--description",
            "lost",
            "--expect-version",
            String.valueOf(version));
    assertThat(stale.err()).contains("stale-version");
    assertThat(ok("account", "show", "cli-acc", "-o", "json").json().path("description").asText())
        .isEqualTo("from the CLI");
    assertThat(fails(2, "account", "edit", "cli-acc").err()).contains("nothing to change");

    assertThat(ok("account", "jwt", "cli-acc").out()).startsWith("eyJ");
    assertThat(
            ok("account", "push-status", "cli-acc", "-o", "json").json().path("account").asText())
        .isEqualTo("cli-acc");

    Run invalid = fails(1, "account", "create", "Not_Valid");
    assertThat(invalid.err()).contains("invalid-body").contains("name");
    assertThat(fails(1, "account", "create", "cli-acc").err()).contains("name-taken");

    ok("account", "delete", "cli-acc");
    assertThat(fails(1, "account", "show", "cli-acc").err()).contains("not-found");
  }

  @Test
  void usersAndCreds() throws Exception {
    ok("account", "create", "cli-users");
    ok("context", "set", "--account", "cli-users");
    ok(
        "user",
        "create",
        "app",
        "--pub-allow",
        "orders.>,audit.>",
        "--sub-allow",
        "_INBOX.>",
        "--set",
        "limits.subs=50");
    JsonNode user = ok("user", "show", "app", "-o", "json").json();
    assertThat(user.path("permissions").path("pub").path("allow")).hasSize(2);
    assertThat(user.path("limits").path("subs").asLong()).isEqualTo(50);
    assertThat(ok("user", "list").out()).containsPattern("(?m)^app +U[A-Z2-7]{55}");
    assertThat(ok("user", "list", "--account", "cli-users", "-q").out().strip()).isEqualTo("app");

    ok("user", "edit", "app", "--sub-allow", "replies.>");
    assertThat(
            ok("user", "show", "app", "-o", "json")
                .json()
                .path("permissions")
                .path("sub")
                .path("allow")
                .get(0)
                .asText())
        .isEqualTo("replies.>");

    Path creds = home.resolve("app.creds");
    assertThat(ok("user", "creds", "app", "-o", creds.toString()).out()).contains("0600");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds)))
        .isEqualTo("rw-------");
    var parsed = CredsFile.parse(Files.readString(creds));
    assertThat(parsed.userKey().publicKey()).isEqualTo(user.path("publicKey").asText());
    assertThat(fails(2, "user", "creds", "app", "-o", creds.toString()).err()).contains("--force");
    ok("user", "creds", "app", "-o", creds.toString(), "--force", "--ttl", "3600");
    assertThat(ok("user", "creds", "app").out())
        .contains("BEGIN NATS USER JWT")
        .contains("BEGIN USER NKEY SEED");
    assertThat(ok("user", "issuances", "app", "-o", "json").json().size())
        .isGreaterThanOrEqualTo(2);

    ok("user", "revoke", "app");
    String rotated = ok("user", "rotate", "app", "-q").out().strip();
    assertThat(rotated).startsWith("U").isNotEqualTo(user.path("publicKey").asText());

    assertThat(fails(1, "user", "show", "ghost").err()).contains("not-found");
    assertThat(fails(1, "user", "create", "bad name").err()).contains("invalid-body");
    ok("user", "delete", "app");
    ok("account", "delete", "cli-users");
  }

  @Test
  void signingKeys() throws Exception {
    ok("account", "create", "cli-keys");
    String plain = ok("signing-key", "create", "-a", "cli-keys", "-q").out().strip();
    assertThat(plain).matches("A[A-Z2-7]{55}");
    String scoped =
        ok(
                "signing-key",
                "create",
                "-a",
                "cli-keys",
                "--role",
                "readers",
                "--set",
                "template.permissions.sub.allow=feeds.>",
                "-q")
            .out()
            .strip();
    assertThat(ok("signing-key", "list", "-a", "cli-keys").out())
        .contains(plain)
        .containsPattern(scoped + " +readers");
    ok("user", "create", "reader", "-a", "cli-keys", "--signing-key", scoped);
    assertThat(
            ok("user", "show", "reader", "-a", "cli-keys", "-o", "json")
                .json()
                .path("signingKey")
                .asText())
        .isEqualTo(scoped);
    ok("signing-key", "delete", plain, "-a", "cli-keys");
    assertThat(fails(1, "signing-key", "delete", plain, "-a", "cli-keys").err())
        .contains("not-found");
    ok("user", "delete", "reader", "-a", "cli-keys");
    ok("account", "delete", "cli-keys");
  }

  @Test
  void exportsImportsAndActivations() throws Exception {
    ok("account", "create", "cli-exporter");
    ok("account", "create", "cli-importer");
    ok(
        "export",
        "create",
        "prices",
        "-a",
        "cli-exporter",
        "--subject",
        "prices.>",
        "--type",
        "stream",
        "--token-required");
    assertThat(ok("export", "list", "-a", "cli-exporter").out())
        .containsPattern("prices +stream +prices\\.> +true");
    Path token = home.resolve("activation.jwt");
    ok(
        "activation",
        "create",
        "prices",
        "-a",
        "cli-exporter",
        "--for",
        "cli-importer",
        "--output-file",
        token.toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
        .isEqualTo("rw-------");
    ok(
        "import",
        "create",
        "prices",
        "-a",
        "cli-importer",
        "--from",
        "cli-exporter",
        "--subject",
        "prices.>",
        "--type",
        "stream",
        "--local-subject",
        "ext.prices.>",
        "--token-file",
        token.toString());
    assertThat(
            ok("import", "show", "prices", "-a", "cli-importer", "-o", "json")
                .json()
                .path("localSubject")
                .asText())
        .isEqualTo("ext.prices.>");
    assertThat(ok("import", "list", "-a", "cli-importer", "-q").out().strip()).isEqualTo("prices");
    ok("activation", "revoke", "prices", "-a", "cli-exporter", "--for", "cli-importer");
    assertThat(
            ok("export", "show", "prices", "-a", "cli-exporter", "-o", "json")
                .json()
                .path("revocations")
                .size())
        .isEqualTo(1);
    assertThat(
            fails(
                    1,
                    "import",
                    "create",
                    "again",
                    "-a",
                    "cli-importer",
                    "--from",
                    "AAAA",
                    "--subject",
                    "x",
                    "--type",
                    "stream")
                .err())
        .contains("not-found");
    assertThat(
            fails(
                    2,
                    "export",
                    "create",
                    "x",
                    "-a",
                    "cli-exporter",
                    "--subject",
                    "x",
                    "--type",
                    "queue")
                .err())
        .contains("queue");
    ok("import", "delete", "prices", "-a", "cli-importer");
    ok("export", "delete", "prices", "-a", "cli-exporter");
    ok("account", "delete", "cli-importer");
    ok("account", "delete", "cli-exporter");
  }

  @Test
  void clusters() throws Exception {
    ok(
        "cluster",
        "create",
        "cli-cluster",
        "--url",
        "nats://127.0.0.1:4999",
        "--description",
        "none there");
    assertThat(ok("cluster", "list").out())
        .containsPattern("cli-cluster +nats://127\\.0\\.0\\.1:4999");
    ok("cluster", "edit", "cli-cluster", "--url", "nats://127.0.0.1:4998,nats://127.0.0.1:4997");
    assertThat(ok("cluster", "show", "cli-cluster", "-o", "json").json().path("urls")).hasSize(2);
    assertThat(ok("cluster", "status", "cli-cluster").out())
        .contains("URL")
        .contains("nats://127.0.0.1:4998");
    assertThat(fails(1, "cluster", "create", "bad", "--url", "http://x").err())
        .contains("invalid-body")
        .contains("urls");
    ok("cluster", "delete", "cli-cluster");
    assertThat(fails(1, "cluster", "show", "cli-cluster").err()).contains("not-found");
  }

  @Test
  void consoleUsersTokensAndPasswords() throws Exception {
    ok("account", "create", "cli-tenant");
    stdin("tenant-password-1\n");
    ok(
        "console-user",
        "create",
        "cli-admin",
        "--role",
        "account-admin",
        "--account",
        "cli-tenant",
        "--password-stdin");
    assertThat(ok("console-user", "list").out())
        .containsPattern("cli-admin +account-admin +cli-tenant");
    assertThat(
            ok("console-user", "show", "cli-admin", "-o", "json").json().path("createdAt").isNull())
        .isFalse();
    stdin("short\n");
    assertThat(
            fails(
                    1,
                    "console-user",
                    "create",
                    "weak",
                    "--role",
                    "account-viewer",
                    "--password-stdin")
                .err())
        .contains("password");

    // a second context signed in as the tenant admin: sees only its account
    stdin("tenant-password-1\n");
    ok("login", controlPlane.url(), "-u", "cli-admin", "--password-stdin", "--context", "tenant");
    assertThat(ok("account", "list", "-q").out().strip()).isEqualTo("cli-tenant");
    assertThat(fails(1, "account", "create", "not-mine").err()).contains("forbidden");

    // its own password: the current one is needed
    stdin("wrong-current-pw\nnew-password-22\n");
    assertThat(fails(1, "console-user", "passwd", "--password-stdin").err())
        .contains("currentPassword");
    stdin("tenant-password-1\nnew-password-22\n");
    ok("console-user", "passwd", "--password-stdin");
    stdin("new-password-22\n");
    ok("login", controlPlane.url(), "-u", "cli-admin", "--password-stdin", "--context", "tenant");

    // API tokens: shown once, then a login with --token-stdin
    String token = ok("token", "create", "ci", "--ttl", "3600", "-q").out().strip();
    assertThat(ok("token", "list").out()).contains("ci");
    stdin(token + "\n");
    ok("login", controlPlane.url(), "--token-stdin", "--context", "robot");
    assertThat(ok("whoami", "-o", "json").json().path("apiToken").asText()).isEqualTo("ci");
    String id = ok("token", "list", "-q").out().strip();
    ok("token", "delete", id);
    assertThat(fails(1, "whoami").err()).contains("unauthenticated");

    ok("context", "use", controlPlane.url().substring("http://".length()));
    ok("console-user", "edit", "cli-admin", "--role", "account-viewer");
    assertThat(fails(2, "console-user", "edit", "cli-admin").err()).contains("nothing to change");
    ok("console-user", "delete", "cli-admin");
    assertThat(fails(1, "console-user", "show", "cli-admin").err()).contains("not-found");
    ok("account", "delete", "cli-tenant");
  }

  @Test
  void auditOperatorAndCompletion() throws Exception {
    ok("account", "create", "cli-audited");
    Run audit = ok("audit", "--account", "cli-audited", "--limit", "5");
    assertThat(audit.out())
        .containsPattern("(?m)^ID +AT +ACTOR +ACTION")
        .contains("admin")
        .contains("cli-audited");
    JsonNode entries =
        ok("audit", "--action", "account.create", "--limit", "1", "-o", "json").json();
    assertThat(entries).hasSize(1);
    assertThat(fails(1, "audit", "--from", "yesterday").err()).contains("bad-parameter");

    assertThat(ok("operator", "show", "-o", "json").json().path("publicKey").asText())
        .startsWith("O");
    assertThat(ok("operator", "server-config").out()).contains("operator:").contains("resolver");
    Path conf = home.resolve("server.conf");
    ok("operator", "server-config", "--output-file", conf.toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)))
        .isEqualTo("rw-------");
    assertThat(fails(1, "operator", "server-config", "--format", "yaml").err())
        .contains("unsupported-format");
    assertThat(ok("operator", "master-key", "-o", "json").json().path("current").asInt())
        .isPositive();

    assertThat(ok("completion", "bash").out()).contains("complete -F").contains("signing-key");
    assertThat(ok("completion", "zsh").out()).contains("bashcompinit");
    ok("account", "delete", "cli-audited");
  }
}
