package io.tributary.bench.js;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

import io.tributary.bench.load.SideBySide.Target;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one process), started
 * as its own JVM from Kafka's Maven Central jars in {@code bench/target/kafka-lib} (copied there by
 * {@code bench/kafka/pom.xml}, run on first use): its store is formatted ({@code kafka-storage
 * format --standalone}), then {@code kafka.Kafka server.properties} runs with every log flushed
 * (fsync) after each append ({@code log.flush.interval.messages=1}, i.e. {@code flush.messages=1}).
 */
final class KafkaBroker implements AutoCloseable {
  /**
   * Kafka's version: keep equal to {@code kafka.version} in bench/kafka/pom.xml and bench/pom.xml.
   */
  static final String VERSION = "4.4.0";

  /** Heap and GC flags of Kafka's own {@code kafka-server-start.sh}. */
  static final List<String> JVM_FLAGS =
      List.of(
          "-Xms1g",
          "-Xmx1g",
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20",
          "-XX:InitiatingHeapOccupancyPercent=35",
          "-XX:+ExplicitGCInvokesConcurrent",
          "-Djava.awt.headless=true");

  private final Target target;
  private final Admin admin;
  private int topics;

  private KafkaBroker(Target target) {
    this.target = target;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.url());
    this.admin = Admin.create(p);
  }

  /** The broker's process and its bootstrap address ({@code 127.0.0.1:PORT}) as the url. */
  Target target() {
    return target;
  }

  long pid() {
    return target.process().pid();
  }

  /**
   * The server.properties {@code bench js --kafka} runs the broker with: one node that is broker
   * and controller, on loopback, its log in {@code logDir}, every log fsynced after each append.
   */
  static String serverProperties(int port, int controllerPort, Path logDir) {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
        "log.dirs=" + logDir,
        // flush.messages=1 for every topic: fsync after each append, before the produce response.
        "log.flush.interval.messages=1",
        "num.partitions=1",
        "default.replication.factor=1",
        "min.insync.replicas=1",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        "");
  }

  /** Formats a store in {@code dir} and starts the broker; returns once a topic can be created. */
  static KafkaBroker start(Path repoRoot, Path dir, Path log) throws Exception {
    String classPath = classPath(repoRoot);
    int port = freePort();
    int controllerPort = freePort();
    Path config = dir.resolve("server.properties");
    Files.writeString(config, serverProperties(port, controllerPort, dir.resolve("data")));
    Path log4j = dir.resolve("log4j2.properties");
    Files.writeString(
        log4j,
        String.join(
            "\n",
            "appender.out.type=Console",
            "appender.out.name=OUT",
            "appender.out.layout.type=PatternLayout",
            "appender.out.layout.pattern=[%d] %p %m (%c)%n",
            "rootLogger.level=INFO",
            "rootLogger.appenderRef.out.ref=OUT",
            ""));
    Redirect out = Redirect.appendTo(log.toFile());
    List<String> jvm = new ArrayList<>();
    jvm.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    jvm.addAll(JVM_FLAGS);
    jvm.add("-Dlog4j2.configurationFile=" + log4j);
    jvm.add("-cp");
    jvm.add(classPath);

    List<String> format = new ArrayList<>(jvm);
    format.addAll(
        List.of(
            "kafka.tools.StorageTool",
            "format",
            "--config",
            config.toString(),
            "--cluster-id",
            Uuid.randomUuid().toString(),
            "--standalone"));
    Process f = new ProcessBuilder(format).redirectErrorStream(true).redirectOutput(out).start();
    if (!f.waitFor(120, TimeUnit.SECONDS) || f.exitValue() != 0) {
      f.destroyForcibly();
      throw new IllegalStateException(
          "kafka-storage format failed; its output ends:\n" + tail(log));
    }

    List<String> server = new ArrayList<>(jvm);
    server.addAll(List.of("kafka.Kafka", config.toString()));
    Process p = new ProcessBuilder(server).redirectErrorStream(true).redirectOutput(out).start();
    KafkaBroker b = new KafkaBroker(new Target("kafka", "127.0.0.1:" + port, p));
    try {
      b.awaitReady(log);
      return b;
    } catch (Exception e) {
      b.close();
      throw e;
    }
  }

  // Until the broker answers the Admin API and knows itself as a registered broker.
  private void awaitReady(Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!target.process().isAlive()) {
        throw new IllegalStateException(
            "the Kafka broker exited with "
                + target.process().exitValue()
                + "; its output ends:\n"
                + tail(log));
      }
      try {
        if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "the Kafka broker did not become ready (" + last + "); its output ends:\n" + tail(log));
  }

  /** A fresh topic with one partition, replication factor 1, for one run. */
  String createTopic() throws Exception {
    String name = "bench-" + (++topics);
    admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
    // Until the partition has a leader that accepts writes: its end offset answers.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        endOffset(name);
        return name;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** The partition's log end offset: with idempotence, the messages it holds. */
  long endOffset(String topic) throws Exception {
    TopicPartition tp = new TopicPartition(topic, 0);
    return admin
        .listOffsets(Map.of(tp, OffsetSpec.latest()))
        .partitionResult(tp)
        .get(30, TimeUnit.SECONDS)
        .offset();
  }

  void deleteTopic(String topic) throws Exception {
    admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    admin.close(java.time.Duration.ofSeconds(5));
    Process p = target.process();
    p.destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Kafka's jars: {@code bench/target/kafka-lib}, copied there first by {@code ./mvnw -f
   * bench/kafka/pom.xml package} (offline, then online from Maven Central if a jar is missing).
   */
  static String classPath(Path repoRoot) throws Exception {
    Path lib = repoRoot.resolve("bench/target/kafka-lib");
    if (!hasKafka(lib)) {
      for (boolean offline : new boolean[] {true, false}) {
        List<String> cmd = new ArrayList<>();
        cmd.add(repoRoot.resolve("mvnw").toString());
        cmd.add("-q");
        if (offline) {
          cmd.add("-o");
        }
        cmd.addAll(List.of("-f", repoRoot.resolve("bench/kafka/pom.xml").toString(), "package"));
        System.err.println("copying Kafka's jars: " + String.join(" ", cmd));
        Process mvn =
            new ProcessBuilder(cmd)
                .directory(repoRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.INHERIT)
                .start();
        if (mvn.waitFor() == 0 && hasKafka(lib)) {
          break;
        }
      }
      if (!hasKafka(lib)) {
        throw new IllegalStateException(
            "no Kafka jars in "
                + lib
                + ": run ./mvnw -f bench/kafka/pom.xml package (needs Maven Central once)");
      }
    }
    try (Stream<Path> jars = Files.list(lib)) {
      return String.join(
          File.pathSeparator,
          jars.filter(j -> j.toString().endsWith(".jar")).map(Path::toString).sorted().toList());
    }
  }

  private static boolean hasKafka(Path lib) throws IOException {
    return Files.isRegularFile(lib.resolve("kafka_2.13-" + VERSION + ".jar"))
        && Files.isRegularFile(lib.resolve("kafka-clients-" + VERSION + ".jar"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return String.format(Locale.ROOT, "(no log: %s)", e.getMessage());
    }
  }
}
