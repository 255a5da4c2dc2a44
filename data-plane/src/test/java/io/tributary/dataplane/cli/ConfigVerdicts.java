package io.tributary.dataplane.cli;

/**
 * {@code tributary node -t -c FILE} for many files in one JVM, run by {@link
 * NatsServerConfigCorpusIT} in the corpus's directory (its files name paths relative to it). Prints
 * {@code VERDICT <exit code> <file>} after each file's own output.
 */
public final class ConfigVerdicts {
  private ConfigVerdicts() {}

  public static void main(String[] files) {
    for (String file : files) {
      int code = NodeCli.run(new String[] {"-t", "-c", file});
      System.err.flush();
      System.out.println("VERDICT " + code + " " + file);
    }
  }
}
