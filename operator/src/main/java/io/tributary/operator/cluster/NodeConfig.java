package io.tributary.operator.cluster;

import io.fabric8.kubernetes.api.model.Quantity;
import io.tributary.operator.controlplane.ControlPlaneClient.OperatorIdentity;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryClusterSpec;

/**
 * The node's configuration file, in nats-server's format ({@code tributary node -c FILE}; the keys
 * {@code NatsServerConfig} reads): operator mode trusting the control plane's operator, a full
 * resolver on the node's volume preloaded with the system account, routes to every pod, JetStream,
 * TLS and lame-duck mode. {@code server_name} is {@code $POD_NAME}, from the environment. A pure
 * function of the resource and the operator's identity.
 */
public final class NodeConfig {
  public static final String FILE_NAME = "node.conf";
  public static final String CONFIG_DIR = "/etc/tributary";
  public static final String TLS_DIR = "/etc/tributary/tls";
  public static final String DATA_DIR = "/data";
  public static final String RUN_DIR = "/var/run/tributary";
  public static final String PID_FILE = RUN_DIR + "/node.pid";

  private NodeConfig() {}

  /** The whole file. */
  public static String render(TributaryCluster cluster, OperatorIdentity operator) {
    return render(cluster, operator, true);
  }

  /**
   * The file, with or without the routes: the pods' checksum leaves them out, so that scaling does
   * not restart the nodes already running (new nodes route to them, gossip completes the mesh).
   */
  public static String render(
      TributaryCluster cluster, OperatorIdentity operator, boolean withRoutes) {
    TributaryClusterSpec spec = cluster.getSpec();
    ClusterNames names = new ClusterNames(cluster);
    StringBuilder b = new StringBuilder();
    b.append("# Node configuration of TributaryCluster ")
        .append(names.namespace())
        .append('/')
        .append(names.name())
        .append(", written by tributary-operator: edits here are overwritten.\n");
    b.append("server_name: $POD_NAME\n");
    b.append("port: ").append(spec.clientPort).append('\n');
    b.append("http_port: ").append(spec.monitoringPort).append('\n');
    b.append("pid_file: ").append(quoted(PID_FILE)).append('\n');
    b.append("lame_duck_duration: ")
        .append(quoted(spec.lameDuck.durationSeconds + "s"))
        .append('\n');
    b.append("lame_duck_grace_period: ")
        .append(quoted(spec.lameDuck.gracePeriodSeconds + "s"))
        .append('\n');

    b.append("\n# Operator mode: the control plane's operator and system account.\n");
    b.append("operator: ").append(quoted(operator.jwt())).append('\n');
    b.append("system_account: ").append(operator.systemAccount()).append('\n');
    b.append("resolver: {\n  type: full\n  dir: ")
        .append(quoted(DATA_DIR + "/jwt"))
        .append("\n}\n");
    b.append("resolver_preload: {\n  ")
        .append(operator.systemAccount())
        .append(": ")
        .append(quoted(operator.systemAccountJwt()))
        .append("\n}\n");

    b.append('\n');
    if (spec.jetstream.enabled) {
      b.append("jetstream: {\n  store_dir: ").append(quoted(DATA_DIR + "/jetstream")).append('\n');
      if (bytes(spec.jetstream.maxMemory) > 0) {
        b.append("  max_memory_store: ").append(bytes(spec.jetstream.maxMemory)).append('\n');
      }
      if (bytes(spec.jetstream.maxFile) > 0) {
        b.append("  max_file_store: ").append(bytes(spec.jetstream.maxFile)).append('\n');
      }
      b.append("}\n");
    } else {
      b.append("jetstream: disabled\n");
    }

    b.append("\ncluster: {\n  name: ").append(names.controlPlaneCluster()).append('\n');
    b.append("  listen: ").append(quoted("0.0.0.0:" + spec.routePort)).append('\n');
    if (withRoutes) {
      b.append("  routes: [\n");
      for (String route : names.routeUrls()) {
        b.append("    ").append(route).append('\n');
      }
      b.append("  ]\n");
    }
    if (spec.tls != null) {
      b.append("  tls: {\n");
      tlsFiles(b, "    ", spec.tls.ca);
      if (spec.tls.ca) {
        b.append("    verify: true\n");
      }
      b.append("  }\n");
    }
    b.append("}\n");

    if (spec.tls != null) {
      b.append("\ntls: {\n");
      tlsFiles(b, "  ", spec.tls.ca);
      if (spec.tls.verifyClients) {
        b.append("  verify: true\n");
      }
      b.append("}\n");
    }
    return b.toString();
  }

  private static void tlsFiles(StringBuilder b, String indent, boolean ca) {
    b.append(indent).append("cert_file: ").append(quoted(TLS_DIR + "/tls.crt")).append('\n');
    b.append(indent).append("key_file: ").append(quoted(TLS_DIR + "/tls.key")).append('\n');
    if (ca) {
      b.append(indent).append("ca_file: ").append(quoted(TLS_DIR + "/ca.crt")).append('\n');
    }
  }

  /** A Kubernetes quantity ({@code 1Gi}, {@code 500M}) in bytes; 0 when unset. */
  static long bytes(Quantity q) {
    return q == null ? 0 : Quantity.getAmountInBytes(q).longValueExact();
  }

  private static String quoted(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
