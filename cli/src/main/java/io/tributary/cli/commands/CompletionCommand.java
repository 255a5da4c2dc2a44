package io.tributary.cli.commands;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary completion bash|zsh}: a completion script for the shell. */
@Command(
    name = "completion",
    description = {
      "Print a shell completion script.",
      "bash: source <(./tributary completion bash)   zsh: source <(./tributary completion zsh)"
    })
final class CompletionCommand implements Callable<Integer> {
  /** The shells. */
  enum Shell {
    bash,
    zsh
  }

  @Parameters(paramLabel = "bash|zsh")
  Shell shell;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("tributary", spec.root().commandLine());
    if (shell == Shell.zsh) {
      // picocli's script runs in zsh through bash-compatible completion
      script =
          "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
              + script;
    }
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
