package io.tributary.cli.commands;

import java.io.InputStream;
import java.util.Map;

import io.tributary.cli.config.Contexts;

/**
 * What a command may use of its process: the contexts file, the environment variables ({@code
 * TRIBUTARY_URL} and {@code TRIBUTARY_TOKEN} override the context, for scripts) and stdin. Tests
 * pass their own.
 */
public record Environment(Contexts contexts, Map<String, String> variables, InputStream stdin) {
  public static Environment ofProcess() {
    return new Environment(Contexts.fromEnvironment(), System.getenv(), System.in);
  }
}
