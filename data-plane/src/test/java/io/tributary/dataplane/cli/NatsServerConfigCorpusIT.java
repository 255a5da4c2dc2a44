package io.tributary.dataplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.auth.testing.Ports;
import io.tributary.dataplane.server.Server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A corpus of nats-server configuration files (its own test configurations, and cases of ours; see
 * the corpus's README) given to Debian's nats-server and to our node: the same verdict from {@code
 * -t}, or a difference listed here with its reason; and for every file both accept, the same
 * effective settings in {@code /varz} once each server runs with it.
 */
class NatsServerConfigCorpusIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Files nats-server accepts and we refuse, each for a feature the node does not have; our message
   * must say so ("not supported by this node yet" or the reason given here).
   */
  private static final Map<String, String> WE_REFUSE =
      Map.of(
          "configs/gwa.conf", "gateways (superclusters)",
          "configs/gwb.conf", "gateways (superclusters)",
          "configs/listen.conf", "monitoring over HTTPS",
          "configs/listen-1.conf", "monitoring over HTTPS",
          "configs/tls_ciphers.conf", "TLS cipher suite choice",
          "configs/tls_insecure_ciphers.conf", "TLS cipher suite choice",
          "configs/tls_curve_prefs.conf", "TLS curve preferences",
          "configs/tls/tls-ed25519.conf", "Ed25519 TLS keys");

  /** The /varz fields a configuration sets, compared between the two servers. */
  private static final List<String> SETTINGS =
      List.of(
          "max_payload",
          "max_connections",
          "max_control_line",
          "max_pending",
          "ping_interval",
          "ping_max",
          "write_deadline",
          "auth_timeout");

  private static Path corpus;
  private static List<String> files;

  @BeforeAll
  static void findCorpus() throws IOException, URISyntaxException {
    corpus =
        Path.of(
                NatsServerConfigCorpusIT.class
                    .getResource("/nats-server-configs/README.md")
                    .toURI())
            .getParent();
    try (Stream<Path> all = Files.walk(corpus)) {
      files =
          all.filter(p -> p.toString().endsWith(".conf"))
              .map(p -> corpus.relativize(p).toString())
              .sorted()
              .toList();
    }
  }

  @Test
  void bothServersGiveTheSameVerdict() throws Exception {
    Map<String, Verdict> ours = ourVerdicts();
    List<String> differences = new ArrayList<>();
    int agreed = 0;
    for (String file : files) {
      Verdict theirs = theirVerdict(file);
      Verdict mine = ours.get(file);
      if (theirs.valid() == mine.valid()) {
        agreed++;
        if (!mine.valid()) {
          // A refusal names where: the file (or the one it includes) and the line.
          assertThat(mine.message()).as(file).containsPattern("\\.conf(:\\d+)?: |cannot ");
        }
        continue;
      }
      String why = WE_REFUSE.get(file);
      if (why != null && theirs.valid() && !mine.valid()) {
        continue;
      }
      differences.add(file + ": nats-server " + theirs + ", ours " + mine);
    }
    System.out.printf(
        "%d configuration files: %d same verdict, %d known differences%n",
        files.size(), agreed, files.size() - agreed);
    assertThat(differences).isEmpty();
    assertThat(agreed).isGreaterThan(60);
  }

  @Test
  void filesBothAcceptGiveTheSameSettings() throws Exception {
    Map<String, Verdict> ours = ourVerdicts();
    int compared = 0;
    for (String file : files) {
      if (!ours.get(file).valid() || !theirVerdict(file).valid()) {
        continue;
      }
      Map<String, JsonNode> theirs = theirSettings(file);
      Map<String, JsonNode> mine = ourSettings(file);
      assertThat(mine).as(file).isEqualTo(theirs);
      compared++;
    }
    System.out.printf("%d configuration files ran on both with the same settings%n", compared);
    assertThat(compared).isGreaterThan(30);
  }

  private record Verdict(boolean valid, String message) {
    @Override
    public String toString() {
      return (valid ? "accepts" : "refuses") + " (" + message + ")";
    }
  }

  private static Verdict theirVerdict(String file) throws Exception {
    Process p =
        new ProcessBuilder(NatsServerProcess.binary(), "-t", "-c", file)
            .directory(corpus.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new Verdict(p.exitValue() == 0, out.lines().findFirst().orElse(""));
  }

  // Our node's verdicts, all files in one JVM started in the corpus's directory.
  private static Map<String, Verdict> ourVerdicts() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ConfigVerdicts.class.getName());
    command.addAll(files);
    Process p =
        new ProcessBuilder(command).directory(corpus.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Map<String, Verdict> verdicts = new TreeMap<>();
    String last = "";
    for (String line : out.lines().toList()) {
      if (line.startsWith("VERDICT ")) {
        String[] parts = line.split(" ", 3);
        verdicts.put(parts[2], new Verdict(parts[1].equals("0"), last));
      } else if (!line.isBlank()) {
        last = line;
      }
    }
    assertThat(verdicts.keySet()).as(out).containsExactlyInAnyOrderElementsOf(files);
    return verdicts;
  }

  // nats-server runs the file from the corpus's directory, on free ports; the settings it shows.
  private static Map<String, JsonNode> theirSettings(String file) throws Exception {
    int port = Ports.freeLoopbackPort();
    int http = Ports.freeLoopbackPort();
    Path log = Files.createTempFile("corpus-nats-server", ".log");
    Process p =
        new ProcessBuilder(
                NatsServerProcess.binary(),
                "-c",
                ownStore(corpus.resolve(file)).toString(),
                "-a",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-m",
                String.valueOf(http))
            .directory(corpus.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      return settings(varz(http, Duration.ofSeconds(10)));
    } catch (IOException e) {
      throw new AssertionError(file + ": nats-server did not start: " + Files.readString(log), e);
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  // Our node in this JVM: the same file with the same flags (paths in it are the corpus's).
  private static Map<String, JsonNode> ourSettings(String file) throws Exception {
    int port = Ports.freeLoopbackPort();
    int http = Ports.freeLoopbackPort();
    Path conf = ownStore(corpus.resolve(file));
    if (Files.readString(conf).contains("./")) {
      conf = withPathsFromCorpus(conf);
    }
    NodeArgs args =
        NodeArgs.parse(
            "-c",
            conf.toString(),
            "-a",
            "127.0.0.1",
            "-p",
            String.valueOf(port),
            "-m",
            String.valueOf(http));
    try (Server ours = Server.start(NodeCli.options(args))) {
      return settings(varz(http, Duration.ofSeconds(5)));
    }
  }

  // The corpus's paths are relative to its directory, this JVM's to the module's: a copy beside the
  // file with them made absolute (includes stay relative to the file, as both servers read them).
  private static Path withPathsFromCorpus(Path conf) throws IOException {
    String text =
        Files.readString(conf)
            .replace("\"./configs/", "\"" + corpus + "/configs/")
            .replace("\"../test/", "\"" + corpus.getParent() + "/test/");
    Path copy = conf.resolveSibling("." + conf.getFileName() + ".abs.conf");
    Files.writeString(copy, text);
    copy.toFile().deleteOnExit();
    return copy;
  }

  // A JetStream store_dir in the file replaced by a new directory (nats-server refuses -sd beside
  // one), so that neither server reads the other's store.
  private static Path ownStore(Path conf) throws IOException {
    String text = Files.readString(conf);
    if (!text.contains("store_dir")) {
      return conf;
    }
    Path copy = conf.resolveSibling("." + conf.getFileName() + "." + System.nanoTime() + ".conf");
    Files.writeString(
        copy,
        text.replaceAll(
            "store_dir\\s*[:=]\\s*\"[^\"]*\"",
            "store_dir: \"" + Files.createTempDirectory("corpus-store") + "\""));
    copy.toFile().deleteOnExit();
    return copy;
  }

  private static Map<String, JsonNode> settings(JsonNode varz) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (String field : SETTINGS) {
      m.put(field, varz.get(field));
    }
    return m;
  }

  private static JsonNode varz(int http, Duration patience) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/varz")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(20);
      }
    }
  }
}
