package io.tributary.cli.commands;

import picocli.CommandLine.Option;

/** {@code -a/--account}: the account a command works in; without it, the context's default. */
public final class AccountOption {
  @Option(
      names = {"-a", "--account"},
      paramLabel = "ACCOUNT",
      description = "The account (default: the context's, see 'context set').")
  String name;
}
