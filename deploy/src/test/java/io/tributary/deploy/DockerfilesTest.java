package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The images cannot be built here (no Docker daemon, no base image to pull): each Dockerfile is
 * checked against what the Maven build produced instead — every file it copies exists after {@code
 * package}, its context filter lets them through, the entry point runs what was copied (the main
 * class is in the jar), it runs as a numeric non-root user, on a JRE 21 or newer.
 */
class DockerfilesTest {
  static final Pattern VAR = Pattern.compile("\\$\\{?(\\w+)}?");

  record Instruction(String keyword, String args) {}

  @ParameterizedTest
  @ValueSource(strings = {"node", "control-plane", "operator"})
  void copiesWhatTheBuildProducesAndRunsAsNonRoot(String image) throws IOException {
    Path dockerfile = Repo.path("deploy/images/" + image + "/Dockerfile");
    List<Instruction> instructions = parse(Files.readString(dockerfile));
    Map<String, String> args = new LinkedHashMap<>();
    Map<String, String> copied = new LinkedHashMap<>(); // destination → source
    String user = null;
    String from = null;
    JsonNode entrypoint = null;
    for (Instruction i : instructions) {
      switch (i.keyword()) {
        case "ARG" -> {
          String[] kv = i.args().split("=", 2);
          args.put(kv[0].strip(), kv.length > 1 ? kv[1].strip() : "");
        }
        case "FROM" -> from = substitute(i.args(), args);
        case "COPY" -> {
          List<String> words = new ArrayList<>(List.of(i.args().split("\\s+")));
          assertThat(words)
              .as("multi-stage copies: none here")
              .noneMatch(w -> w.startsWith("--from"));
          words.removeIf(w -> w.startsWith("--"));
          assertThat(words).as(i.args()).hasSize(2);
          String source = substitute(words.get(0), args);
          String destination = substitute(words.get(1), args);
          Path p = Repo.path(source);
          assertThat(p)
              .as(
                  "%s copies %s: run ./mvnw package first (or the build no longer makes it)",
                  image, source)
              .exists();
          if (source.endsWith("/")) {
            assertThat(p).isDirectory();
            try (var files = Files.list(p)) {
              assertThat(files.count()).as("%s is empty", source).isPositive();
            }
          }
          copied.put(destination, source);
        }
        case "USER" -> user = i.args();
        case "ENTRYPOINT" -> entrypoint = new ObjectMapper().readTree(i.args());
        default -> {}
      }
    }
    // a JRE 21 or newer
    assertThat(from).isNotNull();
    Matcher jre = Pattern.compile("eclipse-temurin:(\\d+)-jre").matcher(from);
    assertThat(jre.find()).as("FROM %s", from).isTrue();
    assertThat(Integer.parseInt(jre.group(1))).isGreaterThanOrEqualTo(21);
    // a numeric non-root user, last: runAsNonRoot can check it
    assertThat(user).as("USER").isNotNull().matches("\\d+(:\\d+)?");
    assertThat(Integer.parseInt(user.split(":")[0])).isNotZero();
    // the entry point (exec form) runs what was copied
    assertThat(entrypoint).as("ENTRYPOINT in exec form").isNotNull();
    assertThat(entrypoint.isArray()).isTrue();
    assertThat(copied.keySet()).isNotEmpty();
    checkDockerignore(image, copied.values());
    switch (image) {
      case "node" -> {
        assertThat(entrypoint.toString()).isEqualTo("[\"tributary\",\"node\"]");
        assertThat(copied.get("/usr/local/bin/tributary"))
            .isEqualTo("deploy/images/node/tributary");
        assertThat(instructions)
            .anySatisfy(
                i -> assertThat(i.args()).startsWith("--chmod=0755 deploy/images/node/tributary"));
        assertThat(copied).containsEntry("/opt/tributary/node/lib/", "data-plane/target/lib/");
        assertMainClass(
            Repo.path(copied.get("/opt/tributary/node/tributary-data-plane.jar")),
            mainClassOf(Repo.path("deploy/images/node/tributary")));
        assertThat(Files.readString(dockerfile)).contains("ENV TRIBUTARY_HOME=/opt/tributary/node");
      }
      case "control-plane" -> {
        assertThat(entrypoint.toString()).contains("/opt/tributary/control-plane/quarkus-run.jar");
        assertThat(copied)
            .containsEntry(
                "/opt/tributary/control-plane/quarkus-run.jar",
                "control-plane/target/quarkus-app/quarkus-run.jar")
            .containsKeys(
                "/opt/tributary/control-plane/lib/",
                "/opt/tributary/control-plane/app/",
                "/opt/tributary/control-plane/quarkus/");
        assertThat(Files.readString(dockerfile))
            .contains("CMD [\"--data-dir\", \"/var/lib/tributary\"]")
            .contains("QUARKUS_HTTP_HOST=0.0.0.0");
      }
      case "operator" -> {
        String cp = entrypoint.get(entrypoint.size() - 2).asText();
        assertThat(cp)
            .isEqualTo(
                "/opt/tributary/operator/tributary-operator.jar:/opt/tributary/operator/lib/*");
        assertThat(copied.keySet())
            .contains(
                "/opt/tributary/operator/tributary-operator.jar", "/opt/tributary/operator/lib/");
        assertMainClass(
            Repo.path(copied.get("/opt/tributary/operator/tributary-operator.jar")),
            entrypoint.get(entrypoint.size() - 1).asText());
      }
      default -> throw new AssertionError(image);
    }
  }

  /** Dockerfile instructions, continuation lines joined, comments dropped. */
  static List<Instruction> parse(String text) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.startsWith("#") || (l.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (l.endsWith("\\")) {
        current.append(l, 0, l.length() - 1).append(' ');
        continue;
      }
      current.append(l);
      String s = current.toString().strip();
      current.setLength(0);
      if (s.isEmpty()) {
        continue;
      }
      String[] kw = s.split("\\s+", 2);
      out.add(new Instruction(kw[0].toUpperCase(), kw.length > 1 ? kw[1].strip() : ""));
    }
    return out;
  }

  static String substitute(String s, Map<String, String> args) {
    Matcher m = VAR.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      assertThat(args).as("ARG %s", m.group(1)).containsKey(m.group(1));
      m.appendReplacement(b, Matcher.quoteReplacement(args.get(m.group(1))));
    }
    m.appendTail(b);
    return b.toString();
  }

  /**
   * The Dockerfile's own context filter (BuildKit's Dockerfile.dockerignore) lets every copied file
   * through.
   */
  static void checkDockerignore(String image, Iterable<String> sources) throws IOException {
    List<String> lines =
        Files.readAllLines(Repo.path("deploy/images/" + image + "/Dockerfile.dockerignore"))
            .stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(lines.get(0)).isEqualTo("*");
    for (String source : sources) {
      String path = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
      boolean included = false;
      for (String l : lines.subList(1, lines.size())) {
        boolean negated = l.startsWith("!");
        String pattern = negated ? l.substring(1) : l;
        pattern = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        if (matcher.matches(Path.of(path)) || path.startsWith(pattern + "/")) {
          included = negated;
        }
      }
      assertThat(included).as("%s/Dockerfile.dockerignore lets %s through", image, source).isTrue();
    }
  }

  static String mainClassOf(Path script) throws IOException {
    Matcher m = Pattern.compile("(io\\.tributary\\.[\\w.]+)").matcher(Files.readString(script));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  static void assertMainClass(Path jar, String mainClass) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertThat(zip.getEntry(mainClass.replace('.', '/') + ".class"))
          .as("%s in %s", mainClass, jar)
          .isNotNull();
    }
  }
}
