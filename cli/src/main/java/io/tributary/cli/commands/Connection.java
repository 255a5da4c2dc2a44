package io.tributary.cli.commands;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.cli.api.ApiClient;
import io.tributary.cli.api.Problem;
import io.tributary.cli.config.Contexts.Context;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The signed-in session a command uses: the current context, another one ({@code --context}), or
 * {@code TRIBUTARY_URL} with {@code TRIBUTARY_TOKEN} from the environment.
 */
public final class Connection {
  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "Use this context instead of the current one.")
  String contextName;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  Environment environment() {
    return ((TributaryCli) spec.root().userObject()).environment();
  }

  /** The API as the signed-in caller. */
  ApiClient api() {
    Map<String, String> env = environment().variables();
    String url = env.get("TRIBUTARY_URL");
    String token = env.get("TRIBUTARY_TOKEN");
    if (contextName == null && url != null && token != null) {
      return new ApiClient(URI.create(url), token);
    }
    Context c = context();
    if (c.expiresAt() != null && Instant.parse(c.expiresAt()).isBefore(Instant.now())) {
      throw new Problem(
          401,
          "session-expired",
          "the session expired at " + c.expiresAt(),
          "run 'tributary login " + c.url() + "' again",
          List.of());
    }
    return new ApiClient(URI.create(c.url()), c.token());
  }

  /** The context in use. */
  Context context() {
    return environment()
        .contexts()
        .find(contextName)
        .map(Map.Entry::getValue)
        .orElseThrow(
            () ->
                new Problem(
                    0,
                    "not-logged-in",
                    contextName == null
                        ? "not signed in"
                        : "no context named '" + contextName + "'",
                    "run 'tributary login URL' first",
                    List.of()));
  }

  /** {@code explicit} if given, else the context's default account; a usage error without. */
  String account(String explicit) {
    if (explicit != null) {
      return explicit;
    }
    String fromEnv = environment().variables().get("TRIBUTARY_ACCOUNT");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    String fromContext =
        environment().contexts().find(contextName).map(e -> e.getValue().account()).orElse(null);
    if (fromContext == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "which account? give --account NAME, or set a default with 'tributary context set"
              + " --account NAME'");
    }
    return fromContext;
  }
}
