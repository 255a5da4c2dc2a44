package io.tributary.control.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tributary.control.custody.KeyCustody;
import io.tributary.control.operator.OperatorEntity;
import io.tributary.control.operator.OperatorService;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * One {@link NodeLink} per node of every cluster, as the system account's user. Threads: only the
 * push worker opens and closes links ({@link #refresh}, {@link #closeAll}); any thread may ask
 * whether a node is connected and what went wrong last (push status).
 */
@ApplicationScoped
public class NodeLinks {
  @Inject OperatorService operators;
  @Inject KeyCustody custody;

  /** PEM file with the CA certificates of nodes reached over TLS, when not a public CA. */
  @ConfigProperty(name = "tributary.nodes.tls.ca-file")
  Optional<String> nodesCaFile;

  private final Map<String, NodeLink> links = new ConcurrentHashMap<>();
  private SSLContext nodesTls;

  /** Reads the nodes' CA file, if one is configured; a bad one fails the start. */
  void configure() {
    nodesTls = nodesCaFile.map(f -> NodeTls.trusting(Path.of(f))).orElse(null);
  }

  /**
   * Opens a link to every node in {@code urls} that has none, closes the links to nodes no longer
   * listed; {@code onConnected} gets a node's URL at each (re)connect, on a jnats thread.
   */
  void refresh(Set<String> urls, Consumer<String> onConnected) {
    if (urls.equals(links.keySet())) {
      return;
    }
    OperatorEntity op = QuarkusTransaction.requiringNew().call(() -> operators.bootstrap());
    String seed =
        QuarkusTransaction.requiringNew().call(() -> custody.load(op.systemUserSecretId).seed());
    for (String url : urls) {
      links.computeIfAbsent(
          url, u -> new NodeLink(u, op.systemUserJwt, seed, nodesTls, () -> onConnected.accept(u)));
    }
    for (String url : List.copyOf(links.keySet())) {
      if (!urls.contains(url)) {
        links.remove(url).close();
      }
    }
  }

  /** The TLS context for {@code tls://} nodes (the configured CA), or null: the JVM's default. */
  public SSLContext tls() {
    return nodesTls;
  }

  /** The STATSZ reports the node at {@code url} gathers (see {@link NodeLink#statsz}). */
  List<JsonNode> statsz(String url, int expected) {
    NodeLink link = links.get(url);
    return link == null ? List.of() : link.statsz(expected);
  }

  /** The link to the node at {@code url}, or null. */
  NodeLink get(String url) {
    return links.get(url);
  }

  /** The nodes there are links to. */
  Set<String> urls() {
    return Set.copyOf(links.keySet());
  }

  /** Whether the control plane holds a live connection to the node at {@code url}. */
  public boolean isConnected(String url) {
    NodeLink l = links.get(url);
    return l != null && l.isConnected();
  }

  /** What went wrong last on the link to {@code url}, or null. */
  public LinkError lastError(String url) {
    NodeLink l = links.get(url);
    return l == null ? null : l.lastError();
  }

  void closeAll() {
    links.values().forEach(NodeLink::close);
    links.clear();
  }
}
