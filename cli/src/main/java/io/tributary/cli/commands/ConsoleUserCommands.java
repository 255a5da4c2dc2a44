package io.tributary.cli.commands;

import static io.tributary.cli.commands.Requests.object;
import static io.tributary.cli.commands.Requests.put;

import java.util.List;
import java.util.Map;

import io.tributary.cli.api.Endpoints;
import io.tributary.cli.output.Column;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary console-user}: the people (and robots) who use the control plane. */
@Command(
    name = "console-user",
    description = "Console users (who sign in here): create, list, show, edit, passwd, delete.")
final class ConsoleUserCommands {
  /** The console roles. */
  enum Role {
    operator_admin,
    account_admin,
    account_viewer;

    String wire() {
      return name().replace('_', '-');
    }
  }

  /** Accepts operator-admin as well as operator_admin. */
  static final class RoleConverter implements picocli.CommandLine.ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      return Role.valueOf(value.replace('-', '_').toLowerCase());
    }
  }

  @Command(
      name = "create",
      description = "A console user; its password is prompted for (or read from stdin).")
  int create(
      @Parameters(paramLabel = "USERNAME") String username,
      @Option(
              names = "--role",
              required = true,
              converter = RoleConverter.class,
              paramLabel = "operator-admin|account-admin|account-viewer")
          Role role,
      @Option(
              names = "--account",
              paramLabel = "ACCOUNT",
              split = ",",
              description = "An account it may use (account roles; repeatable).")
          List<String> accounts,
      @Option(names = "--password-stdin", description = "Read the password from stdin.")
          boolean passwordStdin,
      @Mixin BodyOptions body,
      @Mixin Connection c,
      @Mixin Printing p) {
    ObjectNode flags = object().put("username", username).put("role", role.wire());
    put(flags, "accounts", accounts);
    flags.put(
        "password", new Passwords(c, passwordStdin).read("Password for " + username + ": ", true));
    return Requests.create(
        c, p, body, Endpoints.CONSOLE_USER_CREATE, Map.of(), flags, "username", "console user");
  }

  @Command(name = "list", description = "Console users you may see.")
  int list(@Mixin Connection c, @Mixin Printing p) {
    return Requests.list(
        c,
        p,
        Endpoints.CONSOLE_USERS,
        Map.of(),
        List.of(
            Column.of("USERNAME", "username"),
            Column.of("ROLE", "role"),
            Column.of("ACCOUNTS", "accounts"),
            Column.of("CREATED", "createdAt")));
  }

  @Command(name = "show", description = "One console user, with its API tokens and last login.")
  int show(
      @Parameters(paramLabel = "USERNAME") String username,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.show(c, p, Endpoints.CONSOLE_USER, Map.of("username", username), "username");
  }

  @Command(
      name = "edit",
      description = "Change a console user's role or accounts, or reset its password (admins).")
  int edit(
      @Parameters(paramLabel = "USERNAME") String username,
      @Option(
              names = "--role",
              converter = RoleConverter.class,
              paramLabel = "operator-admin|account-admin|account-viewer")
          Role role,
      @Option(
              names = "--account",
              paramLabel = "ACCOUNT",
              split = ",",
              description = "The accounts (replaces them).")
          List<String> accounts,
      @Option(
              names = "--reset-password",
              description = "Set a new password (prompted, or from stdin).")
          boolean resetPassword,
      @Option(names = "--password-stdin", description = "Read the password from stdin.")
          boolean passwordStdin,
      @Mixin Connection c,
      @Mixin Printing p) {
    ObjectNode body = object();
    if (role != null) {
      body.put("role", role.wire());
    }
    put(body, "accounts", accounts);
    if (resetPassword) {
      body.put(
          "password",
          new Passwords(c, passwordStdin).read("New password for " + username + ": ", true));
    }
    if (body.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          c.spec.commandLine(), "nothing to change: give --role, --account or --reset-password");
    }
    var changed =
        Requests.call(c, Endpoints.CONSOLE_USER_CHANGE, Map.of("username", username))
            .body(body)
            .send()
            .json();
    p.out()
        .done(
            "Changed console user " + username + (resetPassword ? " (its sessions ended)." : "."));
    if (p.quiet || p.format != null) {
      p.out().one(changed, "username");
    }
    return 0;
  }

  @Command(
      name = "passwd",
      description = "Change your own password (asks for the current one; your other sessions end).")
  int passwd(
      @Option(
              names = "--password-stdin",
              description = "Read the current, then the new password from stdin (two lines).")
          boolean passwordStdin,
      @Mixin Connection c,
      @Mixin Printing p) {
    String me = Requests.call(c, Endpoints.ME, Map.of()).send().json().path("username").asText();
    Passwords passwords = new Passwords(c, passwordStdin);
    ObjectNode body = object();
    body.put("currentPassword", passwords.read("Current password: ", false));
    body.put("password", passwords.read("New password: ", true));
    Requests.call(c, Endpoints.CONSOLE_USER_CHANGE, Map.of("username", me)).body(body).send();
    p.out().done("Changed the password of " + me + "; sign in again with 'tributary login'.");
    return 0;
  }

  @Command(
      name = "delete",
      description = "Delete a console user (its sessions and API tokens end).")
  int delete(
      @Parameters(paramLabel = "USERNAME") String username,
      @Mixin Connection c,
      @Mixin Printing p) {
    return Requests.delete(
        c,
        p,
        Endpoints.CONSOLE_USER_DELETE,
        Map.of("username", username),
        "console user " + username);
  }
}
