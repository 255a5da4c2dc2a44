package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * The chart rendered by the embedded Helm ({@code helm template}), as parsed YAML documents.
 *
 * <p>helm-java's template leaves hooks out (its output is the release's manifest), so the chart is
 * rendered from a copy whose {@code helm.sh/hook*} annotations are renamed {@value #HOOK}*: the
 * hooks (the generated Secrets) are rendered like the rest and still say that they are hooks.
 */
final class Rendered {
  static final String RELEASE = "tributary";
  static final String NAMESPACE = "tributary";

  /** helm template's default (v1.20) is older than the chart's kubeVersion. */
  static final String KUBE_VERSION = "v1.31.0";

  static final YAMLMapper YAML = new YAMLMapper();

  static final String HOOK = "test.tributary.io/helm-hook";
  private static Path hooksAsManifests;

  final String text;
  final List<JsonNode> objects;

  private Rendered(String text) {
    this.text = text;
    this.objects = parse(text);
  }

  /** {@code helm template tributary deploy/helm/tributary -n tributary [-f FILE]… [--set K=V]…}. */
  static Rendered of(List<Path> valuesFiles, Map<String, Object> sets) {
    TemplateCommand template =
        new Helm(chart())
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    for (Path f : valuesFiles) {
      template = template.withValuesFile(f);
    }
    for (Map.Entry<String, Object> e : sets.entrySet()) {
      template = template.set(e.getKey(), e.getValue());
    }
    return new Rendered(template.call());
  }

  /** The chart with its hooks renamed, copied once. */
  static synchronized Path chart() {
    if (hooksAsManifests == null) {
      try {
        Path copy = Files.createTempDirectory("tributary-chart").resolve("tributary");
        try (Stream<Path> files = Files.walk(Repo.chart())) {
          for (Path f : files.toList()) {
            Path to = copy.resolve(Repo.chart().relativize(f).toString());
            if (Files.isDirectory(f)) {
              Files.createDirectories(to);
            } else {
              Files.writeString(to, Files.readString(f).replace("helm.sh/hook", HOOK));
            }
          }
        }
        hooksAsManifests = copy;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return hooksAsManifests;
  }

  static Rendered defaults() {
    return of(List.of(), Map.of());
  }

  static Rendered with(Map<String, Object> sets) {
    return of(List.of(), sets);
  }

  static List<JsonNode> parse(String yaml) {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isNull() && !n.isMissingNode() && n.size() > 0) {
          docs.add(n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  Stream<JsonNode> kind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
  }

  Optional<JsonNode> find(String kind, String name) {
    return kind(kind)
        .filter(o -> name.equals(o.path("metadata").path("name").asText()))
        .findFirst();
  }

  JsonNode get(String kind, String name) {
    Optional<JsonNode> o = find(kind, name);
    assertThat(o).as("%s %s in the rendered chart", kind, name).isPresent();
    return o.get();
  }

  /** Every pod template of the rendered workloads. */
  Stream<JsonNode> podSpecs() {
    return objects.stream()
        .filter(o -> List.of("Deployment", "StatefulSet").contains(o.path("kind").asText()))
        .map(o -> o.path("spec").path("template").path("spec"));
  }

  Stream<JsonNode> containers() {
    return podSpecs()
        .flatMap(
            p -> Stream.concat(stream(p.path("initContainers")), stream(p.path("containers"))));
  }

  static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> l = new ArrayList<>();
    array.forEach(l::add);
    return l.stream();
  }
}
