package io.tributary.bench.js;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka analogue of {@link JsPublish}: one topic with one partition (R1) per run, producers
 * each with their own {@link KafkaProducer} (their own connection and sender thread) on their own
 * thread, all into that partition. A message counts when its acknowledgement arrived.
 *
 * <p>Settings: {@code acks=all}, {@code enable.idempotence=true}, {@code
 * max.in.flight.requests.per.connection=5} (the most idempotence allows), {@code linger.ms=0}
 * (Kafka 4 defaults to 5: a send goes out as soon as the sender thread is free, as {@code
 * publishAsync} does), {@code batch.size} 16 KiB (the default; {@code --kafka-batch-size}), no
 * compression. The async loop is {@link JsPublish#async}'s ({@link PublishLoops#windowed}): at most
 * {@code window} unacknowledged sends per producer, the oldest awaited when the window is full.
 * Kafka's producer batches what accumulated while its requests were in flight (at most five per
 * connection, a batch of up to 16 KiB each), the broker fsyncs once per appended batch, and
 * acknowledges the batch; nats-server and our node acknowledge each message, grouping the disk
 * writes behind the acks instead.
 */
final class KafkaPublish {
  private static final long ACK_TIMEOUT_SECONDS = 60;

  /** What one producer does; returns its ack latencies, or null. */
  private interface Loop {
    long[] publish(Producer<byte[], byte[]> producer, String topic, long count) throws Exception;
  }

  /**
   * One run.
   *
   * @param publish the rates, latencies and CPU, as {@link JsPublish} reports them
   * @param recordsPerRequest the producers' {@code records-per-request-avg} (their mean): with one
   *     partition, one batch per produce request and one fsync per appended batch, the messages
   *     each broker fsync covers
   */
  record Result(JsPublish.Result publish, double recordsPerRequest) {}

  private KafkaPublish() {}

  /** The producer settings, for the table's note and the run. */
  static Properties producerConfig(String bootstrap, int batchSize) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(batchSize));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** Up to {@code window} unacknowledged sends per producer: when full, wait for the oldest. */
  static Result async(
      KafkaBroker broker, int producers, long msgs, int size, int window, int batchSize)
      throws Exception {
    byte[] payload = new byte[size];
    return run(
        broker,
        batchSize,
        producers,
        msgs,
        payload,
        (producer, topic, count) -> {
          PublishLoops.windowed(
              count,
              window,
              () -> producer.send(new ProducerRecord<>(topic, payload)),
              KafkaPublish::awaitAck);
          return null;
        });
  }

  /** {@code send(record).get()}, one message at a time per producer; records each ack's latency. */
  static Result sync(KafkaBroker broker, int producers, long msgs, int size, int batchSize)
      throws Exception {
    byte[] payload = new byte[size];
    return run(
        broker,
        batchSize,
        producers,
        msgs,
        payload,
        (producer, topic, count) ->
            PublishLoops.oneAtATime(
                count, () -> awaitAck(producer.send(new ProducerRecord<>(topic, payload)))));
  }

  private static void awaitAck(Future<RecordMetadata> ack) throws Exception {
    ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  // A topic for this run; every producer connected, its producer id obtained and one message sent
  // and acknowledged before the timing starts (not counted in the rate); then timed from one
  // signal to the last ack. Checks that the partition holds every acknowledged message, then
  // deletes the topic.
  private static Result run(
      KafkaBroker broker, int batchSize, int producers, long msgs, byte[] payload, Loop loop)
      throws Exception {
    String topic = broker.createTopic();
    long each = msgs / producers;
    List<Producer<byte[], byte[]>> clients = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            producers, r -> Thread.ofPlatform().name("bench-producer").unstarted(r));
    JsPublish.Result result;
    double perRequest = 0;
    try {
      for (int i = 0; i < producers; i++) {
        Producer<byte[], byte[]> p =
            new KafkaProducer<>(producerConfig(broker.target().url(), batchSize));
        clients.add(p);
        awaitAck(p.send(new ProducerRecord<>(topic, payload)));
      }
      List<Callable<long[]>> loops = new ArrayList<>();
      for (Producer<byte[], byte[]> p : clients) {
        loops.add(() -> loop.publish(p, topic, each));
      }
      result = PublishLoops.measure(pool, loops, each, broker.pid());
      for (Producer<byte[], byte[]> p : clients) {
        perRequest += recordsPerRequest(p) / clients.size();
      }
    } finally {
      pool.shutdownNow();
      for (Producer<byte[], byte[]> p : clients) {
        p.close(java.time.Duration.ofSeconds(10));
      }
    }
    long stored = broker.endOffset(topic);
    if (stored != result.acked() + producers) {
      throw new IllegalStateException(
          "Kafka: the partition holds "
              + stored
              + " messages, "
              + (result.acked() + producers)
              + " were acked");
    }
    broker.deleteTopic(topic);
    return new Result(result, perRequest);
  }

  private static double recordsPerRequest(Producer<byte[], byte[]> p) {
    return p.metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey().name().equals("records-per-request-avg")
                    && e.getKey().group().equals("producer-metrics"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .findFirst()
        .orElse(Double.NaN);
  }
}
