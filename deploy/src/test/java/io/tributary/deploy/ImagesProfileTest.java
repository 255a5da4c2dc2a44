package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code images} profile (Jib on a Debian minbase + jlink base, built and run by images/base.sh
 * and images/check.sh, not in the default build) and the Dockerfiles describe the same images: the
 * same entry point, arguments, user, working directory, environment, ports, and a file at every
 * path a Dockerfile copies to.
 */
class ImagesProfileTest {

  @ParameterizedTest
  @ValueSource(strings = {"node", "control-plane", "operator"})
  void jibBuildsWhatTheDockerfileDescribes(String image) throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Repo.path("deploy/pom.xml").toFile());
    Element profile = only(pom.getDocumentElement(), "profiles", "profile");
    assertThat(text(profile, "id")).isEqualTo("images");
    Element jib = null;
    Element antrun = null;
    for (Element plugin : children(child(child(profile, "build"), "plugins"), "plugin")) {
      switch (text(plugin, "artifactId")) {
        case "jib-maven-plugin" -> jib = plugin;
        case "maven-antrun-plugin" -> antrun = plugin;
        default -> {}
      }
    }
    assertThat(jib).isNotNull();
    assertThat(antrun).isNotNull();
    Element common = child(jib, "configuration");
    Element execution = null;
    for (Element e : children(child(jib, "executions"), "execution")) {
      if (text(e, "id").equals("image-" + image)) {
        execution = e;
      }
    }
    assertThat(execution).as("jib execution image-%s", image).isNotNull();
    Element config = child(execution, "configuration");
    Element container = child(config, "container");

    // the Dockerfile
    List<DockerfilesTest.Instruction> instructions =
        DockerfilesTest.parse(
            Files.readString(Repo.path("deploy/images/" + image + "/Dockerfile")));
    ObjectMapper json = new ObjectMapper();
    List<String> entrypoint = null;
    List<String> cmd = List.of();
    String user = null;
    String workdir = null;
    Map<String, String> env = new LinkedHashMap<>();
    Set<String> ports = new LinkedHashSet<>();
    List<String> destinations = new ArrayList<>();
    for (DockerfilesTest.Instruction i : instructions) {
      switch (i.keyword()) {
        case "ENTRYPOINT" -> entrypoint = strings(json.readTree(i.args()));
        case "CMD" -> cmd = strings(json.readTree(i.args()));
        case "USER" -> user = i.args();
        case "WORKDIR" -> workdir = i.args();
        case "ENV" -> {
          String[] kv = i.args().split("=", 2);
          env.put(kv[0], kv[1]);
        }
        case "EXPOSE" -> ports.addAll(Arrays.asList(i.args().split("\\s+")));
        case "COPY" -> {
          String[] words = i.args().split("\\s+");
          String destination = words[words.length - 1];
          destinations.add(
              destination.endsWith("/")
                  ? destination.substring(0, destination.length() - 1)
                  : destination);
        }
        default -> {}
      }
    }

    assertThat(split(text(container, "entrypoint"))).isEqualTo(entrypoint);
    assertThat(child(container, "args") == null ? List.of() : split(text(container, "args")))
        .isEqualTo(cmd);
    assertThat(text(child(common, "container"), "user")).isEqualTo(user);
    assertThat(text(child(common, "container"), "format")).isEqualTo("OCI");
    assertThat(
            child(container, "workingDirectory") == null
                ? null
                : text(container, "workingDirectory"))
        .isEqualTo(workdir);
    Map<String, String> jibEnv = new LinkedHashMap<>();
    Element environment = child(container, "environment");
    if (environment != null) {
      for (Element e : children(environment, null)) {
        jibEnv.put(e.getTagName(), e.getTextContent().strip());
      }
    }
    assertThat(jibEnv).isEqualTo(env);
    Set<String> jibPorts = new LinkedHashSet<>();
    Element portsElement = child(container, "ports");
    if (portsElement != null) {
      children(portsElement, "port").forEach(p -> jibPorts.add(p.getTextContent().strip()));
    }
    assertThat(jibPorts).isEqualTo(ports);

    // every path the Dockerfile copies to: an extra directory's `into` (or an include under it), or
    // a
    // file the antrun execution stages under stage/<image>/
    Set<String> placed = new LinkedHashSet<>();
    for (Element path : children(child(child(config, "extraDirectories"), "paths"), "path")) {
      Element into = child(path, "into");
      if (into == null) {
        assertThat(path.getTextContent().strip()).endsWith("/stage/" + image);
        continue;
      }
      String base = into.getTextContent().strip();
      placed.add(base);
      Element includes = child(path, "includes");
      if (includes != null) {
        for (String include : split(includes.getTextContent())) {
          placed.add(base + "/" + include.replace("/**", ""));
        }
      }
    }
    String stage = "${images.dir}/stage/" + image;
    NodeList copies = antrun.getElementsByTagName("copy");
    for (int k = 0; k < copies.getLength(); k++) {
      String to = ((Element) copies.item(k)).getAttribute("tofile");
      if (to.startsWith(stage + "/")) {
        placed.add(to.substring(stage.length()));
      }
    }
    assertThat(placed).containsAll(destinations);
    if (image.equals("node")) {
      assertThat(child(config, "extraDirectories").getTextContent())
          .contains("/usr/local/bin/tributary", "755");
    }
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static List<String> split(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::strip).toList();
  }

  static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
        out.add(e);
      }
    }
    return out;
  }

  static Element only(Element root, String outer, String inner) {
    List<Element> all = children(child(root, outer), inner);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  static String text(Element parent, String name) {
    Element e = child(parent, name);
    assertThat(e).as("<%s> in <%s>", name, parent.getTagName()).isNotNull();
    return e.getTextContent().strip();
  }
}
