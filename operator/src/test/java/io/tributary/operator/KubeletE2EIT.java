package io.tributary.operator;

import static io.tributary.operator.OperatorHarness.checksum;
import static io.tributary.operator.OperatorHarness.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.tributary.auth.testing.CredsClient;
import io.tributary.auth.testing.Ports;
import io.tributary.operator.cluster.DesiredResources;
import io.tributary.operator.crd.TributaryAccount;
import io.tributary.operator.crd.TributaryCluster;
import io.tributary.operator.crd.TributaryUser;
import io.tributary.operator.user.CredsSecret;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * End to end, with the test as the kubelet ({@link Kubelet}): the operator against fabric8's mock
 * API server, the packaged control plane as a process, and real data-plane nodes started from the
 * StatefulSet and ConfigMap the operator wrote. The control plane reaches them at their pods' DNS
 * names (the hosts file of the {@code kubelet-e2e} failsafe execution). A TributaryAccount and a
 * TributaryUser, applied as YAML, give creds that carry messages from one node to another; a config
 * change then restarts the nodes one at a time, highest ordinal first.
 */
@EnableKubernetesMockClient(crud = true)
class KubeletE2EIT {
  private static final String NS = "kubelet";
  private static final String NAME = "e2e";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static OperatorHarness k8s;
  private static ControlPlaneApi api;
  private static Kubelet kubelet;

  @BeforeAll
  static void start(@TempDir Path pods) throws Exception {
    assumeTrue(
        System.getProperty("jdk.net.hosts.file") != null,
        "needs the pods' names in a hosts file: the kubelet-e2e failsafe execution");
    k8s = OperatorHarness.start(client, NS);
    api = k8s.api();
    k8s.secret("cp-token", api.token());
    kubelet = Kubelet.start(client, NS, NAME, pods);
  }

  @AfterAll
  static void stop() throws Exception {
    if (kubelet != null) {
      kubelet.close();
    }
    if (k8s != null) {
      k8s.close();
    }
  }

  @Test
  void realNodesCarryATenantsMessagesAndAChangeRestartsThemOneAtATimeStoppingAtOneThatFails()
      throws Exception {
    int clientPort = Ports.freeLoopbackPort();
    int monitorPort = Ports.freeLoopbackPort();
    apply(
        """
        apiVersion: tributary.io/v1alpha1
        kind: TributaryCluster
        metadata: {name: e2e, namespace: kubelet}
        spec:
          replicas: 3
          clientPort: %d
          routePort: %d
          monitoringPort: %d
          lameDuck: {durationSeconds: 1, gracePeriodSeconds: 1}
          # the mock API server applies no defaults, and the JSON patch of edit() cannot replace a
          # field that is not there (it hangs)
          rollTimeoutSeconds: 300
          controlPlane:
            url: %s
            tokenSecret: {name: cp-token, key: token}
        """
            .formatted(clientPort, Ports.freeLoopbackPort(), monitorPort, api.url()));
    // Ready, and every node connected to the control plane at its DNS name
    eventually(
        () -> {
          TributaryCluster c = k8s.withCondition(TributaryCluster.class, NAME, "Ready", "True");
          return c != null
                  && c.getStatus().controlPlane.nodes.size() == 3
                  && c.getStatus().controlPlane.nodes.stream().allMatch(n -> n.connected)
              ? c
              : null;
        });

    apply(
        """
        apiVersion: tributary.io/v1alpha1
        kind: TributaryAccount
        metadata: {name: orders, namespace: kubelet}
        spec:
          clusters: [e2e]
          controlPlane:
            url: %s
            tokenSecret: {name: cp-token, key: token}
        ---
        apiVersion: tributary.io/v1alpha1
        kind: TributaryUser
        metadata: {name: app, namespace: kubelet}
        spec:
          account: orders
          permissions:
            pub: {allow: ["orders.>"]}
            sub: {allow: ["orders.>"]}
        """
            .formatted(api.url()));
    // on every node of the cluster
    eventually(() -> k8s.withCondition(TributaryAccount.class, "orders", "Progressing", "False"));
    eventually(() -> k8s.withCondition(TributaryUser.class, "app", "Ready", "True"));
    String creds = creds("app-creds");
    assertMessagesFlow(creds, clientPort, "before");

    // A config change: the pods go one at a time, highest ordinal first, each back before the next.
    String before = checksum(k8s.get(StatefulSet.class, NAME));
    int from = kubelet.events().size();
    k8s.edit(TributaryCluster.class, NAME, c -> c.getSpec().config = Map.of("max-payload", "2MB"));
    for (int i = 2; i >= 0; i--) {
      String pod = NAME + "-" + i;
      eventually(() -> seenSince(from, "DELETED " + pod));
      eventually(() -> seenSince(from, "MODIFIED " + pod + " ready"));
    }
    TributaryCluster rolled =
        eventually(
            () -> {
              TributaryCluster c = k8s.withCondition(TributaryCluster.class, NAME, "Ready", "True");
              return c != null && c.getStatus().roll == null ? c : null;
            });
    List<String> roll = kubelet.events().subList(from, kubelet.events().size());
    assertThat(roll.stream().filter(e -> e.startsWith("DELETED")))
        .containsExactly("DELETED e2e-2 ready", "DELETED e2e-1 ready", "DELETED e2e-0 ready");
    assertThat(Kubelet.mostDown(roll)).as(String.join("\n", roll)).isEqualTo(1);
    assertThat(condition(rolled, "Progressing").getReason()).isEqualTo("Stable");
    assertThat(condition(rolled, "Degraded").getStatus()).isEqualTo("False");
    String after = checksum(k8s.get(StatefulSet.class, NAME));
    assertThat(after).isNotEqualTo(before);
    for (int i = 0; i < 3; i++) {
      Pod pod = k8s.get(Pod.class, NAME + "-" + i);
      assertThat(pod.getMetadata().getAnnotations())
          .containsEntry(DesiredResources.CONFIG_CHECKSUM, after);
      // the node runs the new flag
      HttpResponse<String> varz =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://" + Kubelet.address(i) + ":" + monitorPort + "/varz"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(varz.body()).path("max_payload").asLong()).isEqualTo(2 << 20);
    }
    assertMessagesFlow(creds, clientPort, "after");

    // A change its node refuses: e2e-2 does not come back, the roll stops there and says so.
    int bad = kubelet.events().size();
    k8s.edit(
        TributaryCluster.class,
        NAME,
        c -> {
          c.getSpec().config = Map.of("max-payload", "lots");
          c.getSpec().rollTimeoutSeconds = 10;
        });
    // The roll timeout (10 s) runs from the pod's deletion and is checked when a reconcile polls;
    // on a loaded CI machine reconciles lag, so this wait has more room than the default 20 s.
    TributaryCluster stuck =
        eventually(
            Duration.ofSeconds(60),
            () -> {
              TributaryCluster c =
                  k8s.withCondition(TributaryCluster.class, NAME, "Degraded", "True");
              return c != null && condition(c, "Degraded").getReason().equals("RollStuck")
                  ? c
                  : null;
            });
    assertThat(condition(stuck, "Degraded").getMessage())
        .startsWith("pod e2e-2 not Ready within 10 s");
    assertThat(condition(stuck, "Progressing").getStatus()).isEqualTo("False");
    assertThat(stuck.getStatus().roll.pending).containsExactly("e2e-1", "e2e-0");
    assertThat(kubelet.log(2)).contains("lots");
    // Undone: e2e-2 is restarted on the spec the others run, and that is the end of it.
    k8s.edit(TributaryCluster.class, NAME, c -> c.getSpec().config = Map.of("max-payload", "2MB"));
    eventually(
        () -> {
          TributaryCluster c = k8s.withCondition(TributaryCluster.class, NAME, "Ready", "True");
          return c != null
                  && c.getStatus().roll == null
                  && condition(c, "Degraded").getStatus().equals("False")
              ? c
              : null;
        });
    List<String> undone = kubelet.events().subList(bad, kubelet.events().size());
    assertThat(undone.stream().filter(e -> e.startsWith("DELETED")))
        .containsExactly("DELETED e2e-2 ready", "DELETED e2e-2");
    assertThat(Kubelet.mostDown(undone)).as(String.join("\n", undone)).isEqualTo(1);
  }

  // Subscribed on e2e-0, published on e2e-2: across the routes.
  private static void assertMessagesFlow(String creds, int port, String text) throws Exception {
    try (Connection sub = CredsClient.connect("nats://" + Kubelet.address(0) + ":" + port, creds);
        Connection pub = CredsClient.connect("nats://" + Kubelet.address(2) + ":" + port, creds)) {
      Subscription s = sub.subscribe("orders.new");
      sub.flush(Duration.ofSeconds(2));
      // the subscription reaches the other node over the route shortly after
      Message m =
          eventually(
              () -> {
                pub.publish("orders.new", text.getBytes(StandardCharsets.UTF_8));
                pub.flush(Duration.ofSeconds(2));
                return s.nextMessage(Duration.ofMillis(200));
              });
      assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo(text);
    }
  }

  // The first pod event since index from that starts with what, or null.
  private static String seenSince(int from, String what) {
    List<String> events = kubelet.events();
    return events.subList(from, events.size()).stream()
        .filter(e -> e.startsWith(what))
        .findFirst()
        .orElse(null);
  }

  private static void apply(String yaml) {
    for (String doc : yaml.split("(?m)^---$")) {
      HasMetadata resource = Serialization.unmarshal(doc);
      client.resource(resource).create();
    }
  }

  private static String creds(String secret) throws Exception {
    Secret s = eventually(() -> k8s.get(Secret.class, secret));
    return new String(
        Base64.getDecoder().decode(s.getData().get(CredsSecret.KEY)), StandardCharsets.UTF_8);
  }

  private static <T> T eventually(Await.ThrowingSupplier<T> what) throws Exception {
    return Await.eventually(what, KubeletE2EIT::state);
  }

  private static <T> T eventually(Duration within, Await.ThrowingSupplier<T> what)
      throws Exception {
    return Await.eventually(within, what, KubeletE2EIT::state);
  }

  // What a failed wait reports: the resources, the pods' events, the control plane's and nodes'
  // logs.
  private static String state() {
    try {
      return "the resources:\n"
          + Serialization.asYaml(
              client.resources(TributaryCluster.class).inNamespace(NS).list().getItems())
          + Serialization.asYaml(
              client.resources(TributaryAccount.class).inNamespace(NS).list().getItems())
          + "\npod events: "
          + kubelet.events()
          + "\nthe control plane:\n"
          + api.log()
          + "\nthe nodes:\n"
          + kubelet.log(0)
          + kubelet.log(1)
          + kubelet.log(2);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
