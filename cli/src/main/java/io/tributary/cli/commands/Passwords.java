package io.tributary.cli.commands;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine.ParameterException;

/** Passwords: prompted without echo, or read from stdin (one per line), never from arguments. */
final class Passwords {
  private final Connection c;
  private final boolean fromStdin;
  private BufferedReader stdin;

  Passwords(Connection c, boolean fromStdin) {
    this.c = c;
    this.fromStdin = fromStdin;
  }

  String read(String prompt, boolean confirm) {
    if (fromStdin) {
      try {
        if (stdin == null) {
          stdin =
              new BufferedReader(
                  new InputStreamReader(c.environment().stdin(), StandardCharsets.UTF_8));
        }
        String line = stdin.readLine();
        if (line == null || line.isEmpty()) {
          throw new ParameterException(c.spec.commandLine(), "expected a password on stdin");
        }
        return line;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Console console = System.console();
    if (console == null) {
      throw new ParameterException(
          c.spec.commandLine(), "no terminal to ask for a password on: use --password-stdin");
    }
    char[] p = console.readPassword("%s", prompt);
    if (confirm) {
      char[] again = console.readPassword("Again: ");
      if (p == null || again == null || !new String(p).equals(new String(again))) {
        throw new ParameterException(c.spec.commandLine(), "the passwords differ");
      }
    }
    if (p == null || p.length == 0) {
      throw new ParameterException(c.spec.commandLine(), "a password is needed");
    }
    return new String(p);
  }
}
