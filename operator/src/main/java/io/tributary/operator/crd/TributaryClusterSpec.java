package io.tributary.operator.crd;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What a {@link TributaryCluster} asks for. Field initialisers are the CRD's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TributaryClusterSpec {
  @SpecReplicas
  @Default("3")
  @Min(1)
  @Max(64)
  @JsonPropertyDescription("Number of nodes (pods) in the cluster.")
  public int replicas = 3;

  @Default(DEFAULT_IMAGE)
  @JsonPropertyDescription("The node's container image: runs `tributary node`.")
  public String image = DEFAULT_IMAGE;

  @JsonPropertyDescription(
      "Image pull policy of the node container (Kubernetes' default if unset).")
  public String imagePullPolicy;

  @JsonPropertyDescription("CPU and memory of each node container.")
  public ResourceRequirements resources;

  @JsonPropertyDescription(
      "One persistent volume per node: JetStream data and the resolver's JWTs.")
  public Storage storage = new Storage();

  @JsonPropertyDescription("JetStream on each node, and its limits.")
  public JetStream jetstream = new JetStream();

  @JsonPropertyDescription(
      "TLS for clients and routes from one Secret (tls.crt, tls.key and, with ca, ca.crt).")
  public Tls tls;

  @Default("4222")
  @Min(1)
  @Max(65535)
  public int clientPort = 4222;

  @Default("6222")
  @Min(1)
  @Max(65535)
  public int routePort = 6222;

  @Default("8222")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("HTTP monitoring port: /healthz (probes), /varz, /metrics.")
  public int monitoringPort = 8222;

  @JsonPropertyDescription("How a node drains when its pod stops (lame-duck mode).")
  public LameDuck lameDuck = new LameDuck();

  @JsonPropertyDescription(
      "Node flags without their dashes and their values, passed as --key=value after the config"
          + " file (flags win over it); flags the operator sets itself are refused.")
  public Map<String, String> config = new LinkedHashMap<>();

  @Default("300")
  @Min(10)
  @JsonPropertyDescription(
      "How long a node restarted by a rolling change has to be Ready and current with its"
          + " accounts; past it the roll stops (Degraded, RollStuck) until the spec changes or"
          + " the node recovers.")
  public int rollTimeoutSeconds = 300;

  @Required
  @JsonPropertyDescription("The control plane this cluster registers with.")
  public ControlPlane controlPlane;

  public static final String DEFAULT_IMAGE = "tributary/node:0.1.0";

  /** A persistent volume per node. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Storage {
    @JsonPropertyDescription("StorageClass of the volumes (the cluster's default if unset).")
    public String className;

    @Default("10Gi")
    public Quantity size = new Quantity("10Gi");
  }

  /** JetStream and its node-wide limits (0 or unset: no limit). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class JetStream {
    @Default("true")
    public boolean enabled = true;

    @JsonPropertyDescription("Bytes all memory streams of a node may hold, e.g. 1Gi.")
    public Quantity maxMemory;

    @JsonPropertyDescription("Bytes all file streams of a node may hold, e.g. 8Gi.")
    public Quantity maxFile;
  }

  /** Client and route TLS from one Secret. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Tls {
    @Required
    @JsonPropertyDescription("Secret with tls.crt and tls.key (kubernetes.io/tls).")
    public String secretName;

    @Default("true")
    @JsonPropertyDescription(
        "The Secret also holds ca.crt: routes verify each other's certificates with it.")
    public boolean ca = true;

    @Default("false")
    @JsonPropertyDescription("Require client certificates signed by ca.crt.")
    public boolean verifyClients;
  }

  /** Lame-duck mode: stop accepting, tell clients, close them over the duration, exit. */
  public static class LameDuck {
    @Default("30")
    @Min(1)
    @Max(3600)
    public int durationSeconds = 30;

    @Default("10")
    @Min(1) // the node refuses 0 (lame-duck-grace-period must be positive): found by KubeletE2EIT
    @Max(3600)
    public int gracePeriodSeconds = 10;
  }

  /** The control plane and the Secret holding an operator-admin's API token. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ControlPlane extends ControlPlaneRef {
    @JsonPropertyDescription("The cluster's name in the control plane (default: this resource's).")
    public String clusterName;
  }
}
