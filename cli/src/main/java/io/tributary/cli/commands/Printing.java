package io.tributary.cli.commands;

import io.tributary.cli.output.Output;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code -o table|json|yaml} and {@code --quiet}. */
public final class Printing {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table (default), json or yaml.")
  Output.Format format;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only identifiers (names, keys, ids), one per line.")
  boolean quiet;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  Output out() {
    return new Output(spec.commandLine().getOut(), format, quiet);
  }
}
