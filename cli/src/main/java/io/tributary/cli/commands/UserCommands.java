package io.tributary.cli.commands;

import static io.tributary.cli.commands.Requests.object;
import static io.tributary.cli.commands.Requests.put;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import io.tributary.cli.api.Endpoints;
import io.tributary.cli.output.Column;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code tributary user}: an account's NATS users and their creds. */
@Command(
    name = "user",
    description =
        "An account's NATS users: create, list, show, edit, creds, issuances, revoke, rotate, delete.")
final class UserCommands {
  static final List<Column> COLUMNS =
      List.of(
          Column.of("NAME", "name"),
          Column.of("PUBLIC KEY", "publicKey"),
          Column.of("SIGNED BY", "signingKey"),
          Column.of("PUB ALLOW", "permissions.pub.allow"),
          Column.of("SUB ALLOW", "permissions.sub.allow"),
          Column.of("BEARER", "bearer"),
          Column.of("VERSION", "version"),
          Column.of("CREATED", "createdAt"));

  /** The flags that shape a user's JWT (the rest through --set or -f). */
  static final class Spec {
    @Option(
        names = "--pub-allow",
        paramLabel = "SUBJECT",
        split = ",",
        description = "May publish to (repeatable or comma-separated).")
    List<String> pubAllow;

    @Option(
        names = "--pub-deny",
        paramLabel = "SUBJECT",
        split = ",",
        description = "May not publish to.")
    List<String> pubDeny;

    @Option(
        names = "--sub-allow",
        paramLabel = "SUBJECT",
        split = ",",
        description = "May subscribe to.")
    List<String> subAllow;

    @Option(
        names = "--sub-deny",
        paramLabel = "SUBJECT",
        split = ",",
        description = "May not subscribe to.")
    List<String> subDeny;

    @Option(
        names = "--allow-responses",
        paramLabel = "MAX",
        description = "May publish MAX replies to requests it received (-1: any number).")
    Integer respMax;

    @Option(
        names = "--bearer",
        negatable = true,
        description = "A bearer token: no nonce signature needed.")
    Boolean bearer;

    @Option(
        names = "--source",
        paramLabel = "CIDR",
        split = ",",
        description = "Connect only from these networks.")
    List<String> sources;

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag (repeatable).")
    List<String> tags;

    @Option(
        names = "--signing-key",
        paramLabel = "KEY",
        description = "Sign its JWTs with this signing key of the account.")
    String signingKey;

    ObjectNode flags() {
      ObjectNode f = object();
      ObjectNode permissions = object();
      rules(permissions, "pub", pubAllow, pubDeny);
      rules(permissions, "sub", subAllow, subDeny);
      if (respMax != null) {
        permissions.putObject("resp").put("max", respMax);
      }
      if (!permissions.isEmpty()) {
        f.set("permissions", permissions);
      }
      put(f, "bearer", bearer);
      put(f, "sources", sources);
      put(f, "tags", tags);
      put(f, "signingKey", signingKey);
      return f;
    }

    private static void rules(
        ObjectNode permissions, String kind, List<String> allow, List<String> deny) {
      if (allow == null && deny == null) {
        return;
      }
      ObjectNode r = permissions.putObject(kind);
      put(r, "allow", allow);
      put(r, "deny", deny);
    }
  }

  @Command(name = "create", description = "Create a user (no creds yet: see 'user creds').")
  int create(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @ArgGroup(exclusive = false) Spec spec,
      @Mixin BodyOptions body,
      @Mixin Connection c,
      @Mixin Printing p) {
    ObjectNode flags = spec == null ? object() : spec.flags();
    flags.put("name", name);
    return Requests.create(
        c,
        p,
        body,
        Endpoints.USER_CREATE,
        Map.of("account", c.account(account.name)),
        flags,
        "name",
        "user");
  }

  @Command(name = "list", description = "The account's users.")
  int list(@Mixin AccountOption account, @Mixin Connection c, @Mixin Printing p) {
    return Requests.list(
        c, p, Endpoints.USERS, Map.of("account", c.account(account.name)), COLUMNS);
  }

  @Command(name = "show", description = "One user with its permissions and limits.")
  int show(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.show(
        c, p, Endpoints.USER, Map.of("account", c.account(account.name), "user", name), "name");
  }

  @Command(
      name = "edit",
      description = "Change a user: reads it, changes what you give, writes it back with If-Match.")
  int edit(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @ArgGroup(exclusive = false) Spec spec,
      @Option(
              names = "--expect-version",
              paramLabel = "N",
              description = "Change it only if it is still at version N.")
          Long expectVersion,
      @Mixin BodyOptions body,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.edit(
        c,
        p,
        body,
        Endpoints.USER,
        Endpoints.USER_CHANGE,
        Map.of("account", c.account(account.name), "user", name),
        spec == null ? object() : spec.flags(),
        expectVersion,
        "name",
        "user");
  }

  @Command(
      name = "creds",
      description = {
        "Issue a creds file for the user (its JWT and seed): to stdout, or to a file written 0600.",
        "Use it with any NATS client, e.g. nats --creds FILE -s nats://HOST:4222 pub hello world"
      })
  int creds(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @Option(
              names = {"-o", "--output-file"},
              paramLabel = "FILE",
              description = "Write it here (0600) instead of stdout.")
          Path file,
      @Option(names = "--force", description = "Overwrite FILE if it exists.") boolean force,
      @Option(
              names = "--ttl",
              paramLabel = "SECONDS",
              description = "Expire the JWT after this long.")
          Long ttl,
      @Mixin Connection c) {
    ObjectNode body = object();
    put(body, "ttl", ttl);
    String creds =
        Requests.call(
                c, Endpoints.USER_CREDS, Map.of("account", c.account(account.name), "user", name))
            .body(body)
            .send()
            .text();
    if (file == null) {
      c.spec.commandLine().getOut().print(creds);
      c.spec.commandLine().getOut().flush();
      return 0;
    }
    write(c, file, creds, force);
    c.spec.commandLine().getOut().printf("Wrote %s (0600).%n", file);
    return 0;
  }

  /**
   * Writes {@code text} to {@code file}, readable by its owner only; an existing file only with
   * force.
   */
  static void write(Connection c, Path file, String text, boolean force) {
    try {
      if (Files.exists(file) && !force) {
        throw new ParameterException(
            c.spec.commandLine(), file + " exists: give --force to overwrite it");
      }
      Path tmp = file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      throw new UncheckedIOException("another writer is writing " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Command(
      name = "issuances",
      description = "Every creds file issued for the user, and whether it is revoked.")
  int issuances(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.USER_ISSUANCES,
        Map.of("account", c.account(account.name), "user", name),
        List.of(
            Column.of("JTI", "jti"),
            Column.of("PUBLIC KEY", "publicKey"),
            Column.of("ISSUED", "issuedAt"),
            Column.of("EXPIRES", "expiresAt"),
            Column.of("BY", "issuedBy"),
            Column.of("REVOKED", "revoked")));
  }

  @Command(
      name = "revoke",
      description = "Revoke every JWT issued to the user so far (its connections are closed).")
  int revoke(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    var r =
        Requests.call(
                c, Endpoints.USER_REVOKE, Map.of("account", c.account(account.name), "user", name))
            .send()
            .json();
    p.out().done("Revoked user " + name + "'s credentials issued so far.");
    if (p.quiet || p.format != null) {
      p.out().one(r, "name");
    }
    return 0;
  }

  @Command(
      name = "rotate",
      description =
          "A new key pair for the user; the old one is revoked. Fetch new creds afterwards.")
  int rotate(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    var r =
        Requests.call(
                c, Endpoints.USER_ROTATE, Map.of("account", c.account(account.name), "user", name))
            .send()
            .json();
    p.out()
        .done(
            "Rotated user "
                + name
                + ": new public key "
                + r.path("publicKey").asText()
                + "; get new creds with 'tributary user creds "
                + name
                + "'.");
    if (p.quiet || p.format != null) {
      p.out().one(r, "publicKey");
    }
    return 0;
  }

  @Command(name = "delete", description = "Delete the user (and revoke its credentials).")
  int delete(
      @Parameters(paramLabel = "NAME") String name,
      @Mixin AccountOption account,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.delete(
        c,
        p,
        Endpoints.USER_DELETE,
        Map.of("account", c.account(account.name), "user", name),
        "user " + name);
  }
}
