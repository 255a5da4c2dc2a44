package io.tributary.bench.js;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The pure parts of {@code bench js --kafka}: nothing here starts a broker. */
class KafkaPeerTest {
  @Test
  void brokerFsyncsAfterEveryAppendAsOneCombinedKraftNodeOnLoopback() throws Exception {
    Properties p = new Properties();
    p.load(
        new java.io.StringReader(
            KafkaBroker.serverProperties(9092, 9093, Path.of("/tmp/kafka-bench/data"))));

    assertThat(p)
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("node.id", "1")
        .containsEntry("log.flush.interval.messages", "1")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
        .containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:9093")
        .containsEntry("log.dirs", "/tmp/kafka-bench/data")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("auto.create.topics.enable", "false");
    // --standalone formats a dynamic quorum: a static voter list would contradict it.
    assertThat(p).doesNotContainKey("controller.quorum.voters");
  }

  @Test
  void producerAcksAllIdempotentWithoutLinger() {
    Properties p = KafkaPublish.producerConfig("127.0.0.1:9092", 16384);

    assertThat(p)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("max.in.flight.requests.per.connection", "5")
        .containsEntry("linger.ms", "0")
        .containsEntry("batch.size", "16384");
  }

  @Test
  void straceSummaryCountsEachSystemCall() {
    List<String> output =
        List.of(
            "strace: Process 29293 attached with 104 threads",
            "strace: Process 29293 detached",
            "strace: Process 29294 detached",
            "% time     seconds  usecs/call     calls    errors syscall",
            "------ ----------- ----------- --------- --------- ----------------",
            " 71.20    1.204570         235      5118           fsync",
            " 28.80    0.487301         143      3407         2 msync",
            "------ ----------- ----------- --------- --------- ----------------",
            "100.00    1.691871         198      8525         2 total");

    assertThat(SyscallCount.parse(output)).isEqualTo(Map.of("fsync", 5118L, "msync", 3407L));
  }

  @Test
  void straceThatCountedNothingPrintsNoTable() {
    assertThat(
            SyscallCount.parse(
                List.of(
                    "strace: Process 7 attached with 12 threads", "strace: Process 7 detached")))
        .isEmpty();
  }

  @Test
  void straceWithoutDetachingIsNotACount() {
    assertThatThrownBy(
            () -> SyscallCount.parse(List.of("strace: Process 7 attached with 12 threads")))
        .isInstanceOf(IllegalStateException.class);
  }
}
