package io.tributary.operator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.tributary.operator.cluster.DesiredResources;
import io.tributary.operator.cluster.NodeConfig;

/**
 * The kubelet's and the StatefulSet controller's part for one StatefulSet in the mock API server,
 * with real nodes: a pod that is not there is started as a data-plane node process with the
 * container's arguments and the ConfigMap's file, and made (Ready, with the template's labels and
 * annotations) once the node's {@code /healthz} answers; a pod deleted has its process stopped and
 * is made again from the StatefulSet as it is then ({@code OnDelete}). The StatefulSet's status
 * counts the pods.
 *
 * <p>Each pod is its own host: the loopback address {@code 127.0.0.<2+ordinal>}, which the hosts
 * file of the run ({@code kubelet-e2e.hosts}) gives the pod's DNS name, so every node uses the
 * spec's ports; the config file binds to it, and its routes name the addresses (the node's own
 * resolver does not read that file). Volumes are directories under the pod's: {@code data} survives
 * a restart, as a claim does.
 */
final class Kubelet implements AutoCloseable {
  private static final Path DATA_PLANE = Path.of("..", "data-plane", "target").toAbsolutePath();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Path root;
  private final Map<Integer, Process> nodes = new ConcurrentHashMap<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;
  private volatile Throwable failure;
  private final Watch watch;
  private final Thread loop;

  private Kubelet(KubernetesClient client, String namespace, String name, Path root) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.root = root;
    // The API server's own order of pod deletions and creations, to check the roll against.
    this.watch =
        client
            .pods()
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    record(action, pod);
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    // events lost from here on: the roll could not be checked
                    failure = cause;
                  }
                });
    this.loop = Thread.ofPlatform().name("kubelet " + name).start(this::run);
  }

  /** Runs the pods of StatefulSet {@code namespace/name}, their files under {@code root}. */
  static Kubelet start(KubernetesClient client, String namespace, String name, Path root) {
    return new Kubelet(client, namespace, name, root);
  }

  /** {@code 127.0.0.<2+ordinal>}: the pod's address. */
  static String address(int ordinal) {
    return "127.0.0." + (2 + ordinal);
  }

  /**
   * Pod changes as the API server reported them, in its order: {@code DELETED e2e-2}, {@code ADDED
   * e2e-2}, {@code MODIFIED e2e-2 ready}, …
   */
  List<String> events() {
    return List.copyOf(events);
  }

  /**
   * The most pods that were down (deleted, or not Ready) at any one time in {@code events},
   * counting from when they were all up.
   */
  static int mostDown(List<String> events) {
    Set<String> down = new HashSet<>();
    int most = 0;
    for (String e : events) {
      String[] f = e.split(" ");
      if (f[0].equals("DELETED") || f.length < 3) {
        down.add(f[1]);
      } else {
        down.remove(f[1]); // ready
      }
      most = Math.max(most, down.size());
    }
    return most;
  }

  /** The last lines a pod's node wrote (all its runs), for assertion messages. */
  String log(int ordinal) throws IOException {
    Path log = root.resolve(pod(ordinal)).resolve("node.log");
    if (!Files.exists(log)) {
      return "";
    }
    List<String> lines =
        Files.readAllLines(log).stream().filter(l -> !l.startsWith("WARNING: ")).toList();
    return "--- "
        + pod(ordinal)
        + "\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()))
        + "\n";
  }

  @Override
  public void close() throws Exception {
    running = false;
    loop.join(TimeUnit.SECONDS.toMillis(30));
    watch.close();
    for (Process p : nodes.values()) {
      stop(p);
    }
    if (failure != null) {
      throw new AssertionError("the kubelet failed", failure);
    }
  }

  private void record(Watcher.Action action, Pod pod) {
    events.add(action + " " + pod.getMetadata().getName() + (ready(pod) ? " ready" : ""));
  }

  private void run() {
    while (running) {
      try {
        sync();
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      } catch (Exception | AssertionError e) {
        failure = e;
        return;
      }
    }
  }

  // One pass: a pod the StatefulSet asks for that is not there is made and its node started (the
  // old node stopped); a pod whose node answers /healthz is made Ready. A node that exited leaves
  // its pod not Ready until the pod is deleted (a crash loop, without the restarts).
  private void sync() throws Exception {
    StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    if (sts == null) {
      return;
    }
    for (int i = 0; i < sts.getSpec().getReplicas() && running; i++) {
      Pod pod = client.pods().inNamespace(namespace).withName(pod(i)).get();
      if (pod == null) {
        Process old = nodes.remove(i);
        if (old != null) {
          stop(old);
        }
        nodes.put(i, startNode(sts, i));
        client.resource(pod(sts, i)).create();
        reportStatus(sts);
      } else if (!ready(pod) && nodes.containsKey(i) && nodes.get(i).isAlive() && healthy(sts, i)) {
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod(i))
            .editStatus(
                p -> {
                  p.getStatus().getConditions().getFirst().setStatus("True");
                  return p;
                });
        reportStatus(sts);
      }
    }
  }

  private Process startNode(StatefulSet sts, int i) throws IOException {
    Container c = sts.getSpec().getTemplate().getSpec().getContainers().getFirst();
    Path home = root.resolve(pod(i));
    Files.createDirectories(home);
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m",
                "-cp",
                DATA_PLANE.resolve("tributary-data-plane-0.1.0-SNAPSHOT.jar")
                    + ":"
                    + DATA_PLANE.resolve("lib")
                    + "/*",
                "io.tributary.dataplane.cli.NodeCli"));
    for (String arg : c.getArgs()) {
      command.add(onPod(arg, home, c.getVolumeMounts()));
    }
    for (VolumeMount m : c.getVolumeMounts()) {
      Path dir = home.resolve(m.getMountPath().substring(1));
      if (m.getName().equals("run")) {
        deleteTree(dir); // an emptyDir: new with every start
      }
      Files.createDirectories(dir);
    }
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name + "-config").get();
    Files.writeString(
        home.resolve(NodeConfig.CONFIG_DIR.substring(1)).resolve(NodeConfig.FILE_NAME),
        config(cm.getData().get(NodeConfig.FILE_NAME), sts, i, home, c.getVolumeMounts()));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("node.log").toFile()));
    pb.environment().put("POD_NAME", pod(i));
    pb.environment().put("POD_NAMESPACE", namespace);
    return pb.start();
  }

  // The ConfigMap's file as pod i sees it: its own address to bind, the others' for routes, its
  // volumes where they are mounted.
  private String config(String text, StatefulSet sts, int i, Path home, List<VolumeMount> mounts) {
    String out = text;
    for (int j = 0; j < sts.getSpec().getReplicas(); j++) {
      out =
          out.replace(
              "nats-route://" + pod(j) + "." + name + "-routes." + namespace + ".svc:",
              "nats-route://" + address(j) + ":");
    }
    out = out.replace("\"0.0.0.0:", "\"" + address(i) + ":");
    out = out.replaceFirst("(?m)^http_port: (\\d+)$", "http: \"" + address(i) + ":$1\"");
    out = out.replaceFirst("(?m)^port: ", "host: \"" + address(i) + "\"\nport: ");
    for (VolumeMount m : mounts) {
      out = out.replace("\"" + m.getMountPath(), "\"" + home + m.getMountPath());
    }
    return out;
  }

  private static String onPod(String arg, Path home, List<VolumeMount> mounts) {
    for (VolumeMount m : mounts) {
      if (arg.startsWith(m.getMountPath() + "/")) {
        return home + arg;
      }
    }
    return arg;
  }

  // The readiness probe.
  private boolean healthy(StatefulSet sts, int i) throws InterruptedException {
    Container c = sts.getSpec().getTemplate().getSpec().getContainers().getFirst();
    URI healthz =
        URI.create(
            "http://" + address(i) + ":" + port(c, DesiredResources.MONITOR_PORT) + "/healthz");
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(healthz).timeout(Duration.ofSeconds(1)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private Pod pod(StatefulSet sts, int i) {
    var template = sts.getSpec().getTemplate();
    return new PodBuilder()
        .withNewMetadata()
        .withName(pod(i))
        .withNamespace(namespace)
        .withLabels(template.getMetadata().getLabels())
        .withAnnotations(template.getMetadata().getAnnotations())
        .endMetadata()
        .withSpec(template.getSpec())
        .withNewStatus()
        .withPhase("Running")
        .withPodIP(address(i))
        .addNewCondition()
        .withType("Ready")
        .withStatus("False")
        .endCondition()
        .endStatus()
        .build();
  }

  private void reportStatus(StatefulSet sts) {
    List<Pod> all =
        client
            .pods()
            .inNamespace(namespace)
            .withLabels(sts.getSpec().getSelector().getMatchLabels())
            .list()
            .getItems();
    int pods = all.size();
    int ready = (int) all.stream().filter(Kubelet::ready).count();
    client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            s -> {
              s.setStatus(
                  new StatefulSetStatusBuilder()
                      .withObservedGeneration(s.getMetadata().getGeneration())
                      .withReplicas(pods)
                      .withReadyReplicas(ready)
                      .build());
              return s;
            });
  }

  private String pod(int ordinal) {
    return name + "-" + ordinal;
  }

  private static int port(Container c, String portName) {
    return c.getPorts().stream()
        .filter(p -> portName.equals(p.getName()))
        .findFirst()
        .orElseThrow()
        .getContainerPort();
  }

  // SIGTERM, as the kubelet sends after the preStop hook.
  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
