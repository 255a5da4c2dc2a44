package io.tributary.operator.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.tributary.operator.reconcile.InvalidSpecException;

/**
 * The node's command line: {@code --config FILE} and the resource's {@code config} overrides as
 * {@code --key=value} (the node's flags win over its config file). A key the operator sets itself,
 * or one operator mode forbids, is refused with the spec field to use instead.
 */
public final class NodeFlags {
  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  /** Flags the operator sets (the value: what to use instead). */
  static final Map<String, String> MANAGED =
      Map.ofEntries(
          Map.entry("config", "the operator writes the config file"),
          Map.entry("signal", "not a setting"),
          Map.entry("help", "not a setting"),
          Map.entry("version", "not a setting"),
          Map.entry("port", "spec.clientPort"),
          Map.entry("http-port", "spec.monitoringPort"),
          Map.entry("server-name", "the pod's name"),
          Map.entry("pid-file", "the operator's preStop hook uses it"),
          Map.entry("lame-duck-duration", "spec.lameDuck.durationSeconds"),
          Map.entry("lame-duck-grace-period", "spec.lameDuck.gracePeriodSeconds"),
          Map.entry("operator", "the control plane's operator"),
          Map.entry("system-account", "the control plane's system account"),
          Map.entry("resolver-dir", "the node's volume"),
          Map.entry("resolver-preload", "the control plane's system account"),
          Map.entry("jetstream", "spec.jetstream.enabled"),
          Map.entry("store-dir", "the node's volume"),
          Map.entry("max-memory-store", "spec.jetstream.maxMemory"),
          Map.entry("max-file-store", "spec.jetstream.maxFile"),
          Map.entry("cluster", "spec.routePort"),
          Map.entry("cluster-name", "spec.controlPlane.clusterName"),
          Map.entry("routes", "the StatefulSet's pods"),
          Map.entry("tls-cert", "spec.tls"),
          Map.entry("tls-key", "spec.tls"),
          Map.entry("tls-ca", "spec.tls"),
          Map.entry("tls-verify", "spec.tls.verifyClients"),
          Map.entry("cluster-tls-cert", "spec.tls"),
          Map.entry("cluster-tls-key", "spec.tls"),
          Map.entry("cluster-tls-ca", "spec.tls"),
          Map.entry("cluster-tls-verify", "spec.tls.ca"),
          Map.entry("auth-token", "operator mode: users come from the control plane"),
          Map.entry("user", "operator mode: users come from the control plane"),
          Map.entry("password", "operator mode: users come from the control plane"),
          Map.entry("users", "operator mode: users come from the control plane"),
          Map.entry("accounts", "operator mode: accounts come from the control plane"));

  private NodeFlags() {}

  /** The node's arguments after {@code tributary node}, overrides sorted by key. */
  public static List<String> args(Map<String, String> overrides) throws InvalidSpecException {
    List<String> args =
        new ArrayList<>(List.of("--config", NodeConfig.CONFIG_DIR + "/" + NodeConfig.FILE_NAME));
    for (var e :
        new TreeMap<>(overrides == null ? Map.<String, String>of() : overrides).entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (!KEY.matcher(key).matches()) {
        throw new InvalidSpecException(
            "spec.config." + key + ": a node flag without its dashes, e.g. max-payload");
      }
      String instead = MANAGED.get(key);
      if (instead != null) {
        throw new InvalidSpecException(
            "spec.config." + key + ": set by the operator (" + instead + ")");
      }
      if (value == null || value.contains("\n") || value.contains("\r")) {
        throw new InvalidSpecException("spec.config." + key + ": needs a value on one line");
      }
      args.add("--" + key + "=" + value);
    }
    return List.copyOf(args);
  }
}
