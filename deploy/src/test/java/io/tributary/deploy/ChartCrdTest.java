package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The chart's CRDs are the operator's generated ones, byte for byte: they cannot drift. */
class ChartCrdTest {
  @Test
  void theChartsCrdsAreTheGeneratedOnes() throws IOException {
    Path generatedDir = Repo.generatedCrds();
    Path chartCrds = Repo.chart().resolve("crds");
    List<String> generated = names(generatedDir);
    assertThat(generated)
        .as("the operator's build generates the CRDs (./mvnw -pl operator package)")
        .containsExactly(
            "tributaryaccounts.tributary.io-v1.yml",
            "tributaryclusters.tributary.io-v1.yml",
            "tributaryusers.tributary.io-v1.yml");
    assertThat(names(chartCrds)).containsExactlyElementsOf(generated);
    for (String name : generated) {
      assertThat(Files.readString(chartCrds.resolve(name)))
          .as(
              "deploy/helm/tributary/crds/%s: the deploy module's build copies it from %s",
              name, generatedDir)
          .isEqualTo(Files.readString(generatedDir.resolve(name)));
    }
  }

  @Test
  void theCrdsAreTheOperatorsResources() throws IOException {
    for (String plural : List.of("tributaryclusters", "tributaryaccounts", "tributaryusers")) {
      CrdSchema crd = CrdSchema.of(Repo.chart().resolve("crds/" + plural + ".tributary.io-v1.yml"));
      assertThat(crd.group()).isEqualTo("tributary.io");
      assertThat(crd.plural()).isEqualTo(plural);
      assertThat(crd.version()).isEqualTo("v1alpha1");
      assertThat(crd.crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
      JsonNode subresources = crd.crd.at("/spec/versions/0/subresources");
      assertThat(subresources.has("status")).as(plural).isTrue();
      assertThat(subresources.has("scale"))
          .as(plural)
          .isEqualTo(plural.equals("tributaryclusters"));
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .sorted()
          .toList();
    }
  }
}
