package io.tributary.cli.commands;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.tributary.cli.api.ApiClient;
import io.tributary.cli.api.Endpoints;
import io.tributary.cli.config.Contexts;
import io.tributary.cli.config.Contexts.Context;
import io.tributary.cli.output.Column;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** Signing in and out, and the contexts (sessions) the CLI keeps. */
final class SessionCommands {
  private SessionCommands() {}

  /** The URL {@code login} uses when none is given and no context exists: the local stack's. */
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  @Command(
      name = "login",
      description = {
        "Sign in to a control plane and keep the session (0600) as a context.",
        "The password is prompted for without echo, or read from stdin with --password-stdin;"
            + " an API token (for scripts) is read from stdin with --token-stdin."
      })
  static final class Login implements Callable<Integer> {
    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "URL",
        description = "The control plane, e.g. http://127.0.0.1:8080 (default: the context's).")
    String url;

    @Option(
        names = {"-u", "--username"},
        description = "Console user (prompted for if not given).")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from stdin.")
    boolean passwordStdin;

    @Option(names = "--token-stdin", description = "Read an API token from stdin instead.")
    boolean tokenStdin;

    @Option(
        names = "--account",
        paramLabel = "NAME",
        description = "Default account for this context's commands.")
    String account;

    @Mixin Connection connection;

    @Override
    public Integer call() {
      Environment env = connection.environment();
      Contexts contexts = env.contexts();
      Contexts.State state = contexts.read();
      String name = connection.contextName;
      Context existing =
          state.contexts().get(name != null ? name : String.valueOf(state.current()));
      if (url == null) {
        url = existing != null ? existing.url() : DEFAULT_URL;
      }
      URI base = URI.create(url.replaceAll("/+$", ""));
      if (base.getScheme() == null || !base.getScheme().matches("https?")) {
        throw new ParameterException(
            connection.spec.commandLine(), "URL must be http(s)://HOST:PORT, not " + url);
      }
      if (name == null) {
        name = base.getAuthority();
      }
      String token;
      String expiresAt;
      String user;
      if (tokenStdin) {
        if (passwordStdin) {
          throw new ParameterException(
              connection.spec.commandLine(), "--token-stdin or --password-stdin, not both");
        }
        token = readLine(env);
        JsonNode me = new ApiClient(base, token).call(Endpoints.ME).send().json();
        user = me.path("username").asText();
        expiresAt = null;
      } else {
        user = username != null ? username : prompt("Username: ");
        String password =
            passwordStdin ? readLine(env) : promptPassword("Password for " + user + ": ");
        ObjectNode body =
            JsonNodeFactory.instance.objectNode().put("username", user).put("password", password);
        JsonNode t = new ApiClient(base, null).call(Endpoints.LOGIN).body(body).send().json();
        token = t.path("token").asText();
        expiresAt = t.path("expiresAt").asText(null);
      }
      String defaultAccount =
          account != null
              ? account
              : existing != null && base.toString().equals(existing.url())
                  ? existing.account()
                  : null;
      Map<String, Context> all = new HashMap<>(state.contexts());
      all.put(name, new Context(base.toString(), token, user, expiresAt, defaultAccount));
      contexts.write(new Contexts.State(name, all));
      connection
          .spec
          .commandLine()
          .getOut()
          .printf(
              "Signed in to %s as %s (context '%s'%s).%n",
              base, user, name, expiresAt == null ? "" : ", session until " + expiresAt);
      return 0;
    }

    private String readLine(Environment env) {
      try {
        String line =
            new BufferedReader(new InputStreamReader(env.stdin(), StandardCharsets.UTF_8))
                .readLine();
        if (line == null || line.isEmpty()) {
          throw new ParameterException(connection.spec.commandLine(), "nothing on stdin");
        }
        return line.strip();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private String prompt(String question) {
      Console console = System.console();
      if (console == null) {
        throw new ParameterException(
            connection.spec.commandLine(), "no terminal to ask on: give --username");
      }
      String answer = console.readLine("%s", question);
      if (answer == null || answer.isBlank()) {
        throw new ParameterException(connection.spec.commandLine(), "a username is needed");
      }
      return answer.strip();
    }

    private String promptPassword(String question) {
      Console console = System.console();
      if (console == null) {
        throw new ParameterException(
            connection.spec.commandLine(),
            "no terminal to ask for the password on: use --password-stdin");
      }
      char[] p = console.readPassword("%s", question);
      if (p == null) {
        throw new ParameterException(connection.spec.commandLine(), "a password is needed");
      }
      return new String(p);
    }
  }

  @Command(
      name = "logout",
      description = "Forget the session of the current context (or --context's).")
  static final class Logout implements Callable<Integer> {
    @Mixin Connection connection;

    @Override
    public Integer call() {
      Contexts contexts = connection.environment().contexts();
      Contexts.State state = contexts.read();
      String name = connection.contextName != null ? connection.contextName : state.current();
      if (name == null || !state.contexts().containsKey(name)) {
        connection.spec.commandLine().getOut().println("Not signed in.");
        return 0;
      }
      Map<String, Context> all = new HashMap<>(state.contexts());
      all.remove(name);
      contexts.write(
          new Contexts.State(name.equals(state.current()) ? null : state.current(), all));
      connection.spec.commandLine().getOut().printf("Signed out of '%s'.%n", name);
      return 0;
    }
  }

  @Command(name = "whoami", description = "Who the session is: console user, role, accounts.")
  static final class Whoami implements Callable<Integer> {
    @Mixin Connection connection;
    @Mixin Printing printing;

    @Override
    public Integer call() {
      JsonNode me = connection.api().call(Endpoints.ME).send().json();
      ObjectNode shown = ((ObjectNode) me).deepCopy();
      connection
          .environment()
          .contexts()
          .find(connection.contextName)
          .ifPresent(
              c -> {
                shown.put("context", c.getKey());
                shown.put("url", c.getValue().url());
                if (c.getValue().expiresAt() != null) {
                  shown.put("sessionExpiresAt", c.getValue().expiresAt());
                }
              });
      printing.out().one(shown, "username");
      return 0;
    }
  }

  @Command(
      name = "context",
      description = "The sessions kept (like kubectl's contexts).",
      subcommands = {ContextList.class, ContextUse.class, ContextSet.class, ContextDelete.class})
  static final class ContextCommand {}

  @Command(name = "list", description = "Every context; * marks the current one.")
  static final class ContextList implements Callable<Integer> {
    @Mixin Connection connection;
    @Mixin Printing printing;

    @Override
    public Integer call() {
      Contexts.State state = connection.environment().contexts().read();
      List<JsonNode> rows = new ArrayList<>();
      state
          .contexts()
          .forEach(
              (name, c) -> {
                ObjectNode row = JsonNodeFactory.instance.objectNode();
                row.put("name", name);
                row.put("current", name.equals(state.current()) ? "*" : "");
                row.put("url", c.url());
                row.put("username", c.username());
                row.put("account", c.account());
                row.put("expiresAt", c.expiresAt());
                rows.add(row);
              });
      printing
          .out()
          .list(
              rows,
              List.of(
                  Column.of("NAME", "name"),
                  Column.of("CURRENT", "current"),
                  Column.of("URL", "url"),
                  Column.of("USER", "username"),
                  Column.of("ACCOUNT", "account"),
                  Column.of("EXPIRES", "expiresAt")));
      return 0;
    }
  }

  @Command(name = "use", description = "Make NAME the current context.")
  static final class ContextUse implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Mixin Connection connection;

    @Override
    public Integer call() {
      Contexts contexts = connection.environment().contexts();
      Contexts.State state = contexts.read();
      if (!state.contexts().containsKey(name)) {
        throw new ParameterException(
            connection.spec.commandLine(),
            "no context named '" + name + "' (see 'tributary context list')");
      }
      contexts.write(new Contexts.State(name, state.contexts()));
      connection.spec.commandLine().getOut().printf("Now using '%s'.%n", name);
      return 0;
    }
  }

  @Command(
      name = "set",
      description = "Change the current context (or --context's): its default account.")
  static final class ContextSet implements Callable<Integer> {
    @Option(
        names = "--account",
        paramLabel = "NAME",
        required = true,
        description = "Default account ('' for none).")
    String account;

    @Mixin Connection connection;

    @Override
    public Integer call() {
      Contexts contexts = connection.environment().contexts();
      Contexts.State state = contexts.read();
      Map.Entry<String, Context> c =
          contexts
              .find(connection.contextName)
              .orElseThrow(
                  () ->
                      new ParameterException(
                          connection.spec.commandLine(),
                          "no such context; run 'tributary login' first"));
      Map<String, Context> all = new HashMap<>(state.contexts());
      all.put(c.getKey(), c.getValue().withAccount(account.isEmpty() ? null : account));
      contexts.write(new Contexts.State(state.current(), all));
      connection
          .spec
          .commandLine()
          .getOut()
          .printf(
              "Context '%s': default account %s.%n",
              c.getKey(), account.isEmpty() ? "none" : "'" + account + "'");
      return 0;
    }
  }

  @Command(name = "delete", description = "Forget context NAME.")
  static final class ContextDelete implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Mixin Connection connection;

    @Override
    public Integer call() {
      Contexts contexts = connection.environment().contexts();
      Contexts.State state = contexts.read();
      if (!state.contexts().containsKey(name)) {
        throw new ParameterException(
            connection.spec.commandLine(), "no context named '" + name + "'");
      }
      Map<String, Context> all = new HashMap<>(state.contexts());
      all.remove(name);
      contexts.write(
          new Contexts.State(name.equals(state.current()) ? null : state.current(), all));
      connection.spec.commandLine().getOut().printf("Deleted context '%s'.%n", name);
      return 0;
    }
  }
}
