package io.tributary.cli.commands;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

import io.tributary.cli.api.Problem;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tributary}: the control plane's REST API as commands, for admins and tenants. Exit codes:
 * 0 ok, 1 an error from the API (its code and title on stderr) or on the way to it, 2 usage.
 */
@Command(
    name = "tributary",
    // every subcommand gets --help (and --version)
    scope = CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = TributaryCli.Version.class,
    description = "Tributary's command line, on the control plane's REST API.",
    subcommands = {
      SessionCommands.Login.class,
      SessionCommands.Logout.class,
      SessionCommands.Whoami.class,
      SessionCommands.ContextCommand.class,
      AccountCommands.class,
      UserCommands.class,
      SigningKeyCommands.class,
      ExportCommands.class,
      ImportCommands.class,
      ActivationCommands.class,
      StreamCommands.class,
      KvCommands.class,
      ObjectStoreCommands.class,
      ClusterCommands.class,
      ConsoleUserCommands.class,
      InvitationCommands.class,
      TokenCommands.class,
      AuditCommand.class,
      OperatorCommands.class,
      CompletionCommand.class
    })
public final class TributaryCli {
  /** Exit status of a failed API call (or a failure on the way to the API). */
  public static final int API_ERROR = 1;

  /** Exit status of a command line that cannot be run as given. */
  public static final int USAGE = 2;

  private final Environment environment;

  public TributaryCli(Environment environment) {
    this.environment = environment;
  }

  Environment environment() {
    return environment;
  }

  /** The command line, with its error handling: what {@code main} and tests run. */
  public static CommandLine commandLine(Environment environment) {
    CommandLine cli = new CommandLine(new TributaryCli(environment));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExitCodeExceptionMapper(
        e -> e instanceof CommandLine.ParameterException ? USAGE : API_ERROR);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof Problem p) {
            err.println(p.describe());
          } else if (e instanceof CommandLine.ParameterException pe) {
            err.println("error: " + pe.getMessage());
            err.println(
                "Run '"
                    + pe.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for its usage.");
            err.flush();
            return USAGE;
          } else if (e instanceof UncheckedIOException io) {
            err.println("error: " + io.getMessage());
          } else {
            err.println("error: " + e);
          }
          err.flush();
          return API_ERROR;
        });
    cli.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("error: " + e.getMessage());
          err.println(
              "Run '"
                  + e.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for its usage.");
          err.flush();
          return USAGE;
        });
    return cli;
  }

  public static void main(String... args) {
    System.exit(commandLine(Environment.ofProcess()).execute(args));
  }

  /** The build's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TributaryCli.class.getPackage().getImplementationVersion();
      return new String[] {"tributary " + (v == null ? "(development build)" : v)};
    }
  }
}
