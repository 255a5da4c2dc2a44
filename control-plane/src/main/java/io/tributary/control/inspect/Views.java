package io.tributary.control.inspect;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the inspect endpoints answer: JetStream's state in the API's own shapes. */
public final class Views {
  private Views() {}

  /** What the account uses now, summed over the nodes that answered. */
  public record Usage(
      @Schema(description = "how many of the account's nodes answered") int nodes,
      long connections,
      long subscriptions,
      long messagesIn,
      long bytesIn,
      long messagesOut,
      long bytesOut,
      @Schema(description = "null when JetStream is not enabled for the account")
          JetStreamUsage jetStream) {}

  /** JetStream storage and objects in use (limits are the account's, in its JWT). */
  public record JetStreamUsage(long memory, long storage, long streams, long consumers) {}

  /** A stream as its list shows it. */
  public record StreamSummary(
      String name,
      String description,
      List<String> subjects,
      String storage,
      String retention,
      int replicas,
      long messages,
      long bytes,
      long firstSeq,
      Instant firstTime,
      long lastSeq,
      Instant lastTime,
      @Schema(description = "how many distinct subjects hold messages") long subjectCount,
      int consumers,
      Instant created) {}

  /** A stream with its whole configuration and state, as the node has them. */
  public record StreamDetail(
      StreamSummary summary, Map<String, Object> config, Map<String, Object> state) {}

  /** A stored message; {@code text} is its data when that is UTF-8. */
  public record MessageView(
      long seq,
      String subject,
      Instant time,
      Map<String, List<String>> headers,
      @Schema(description = "the data, base64") String data,
      String text,
      int size) {}

  /**
   * Messages in sequence order from where the request started; {@code next} continues after the
   * last one (null: none after it now).
   */
  public record MessagePage(List<MessageView> messages, long firstSeq, long lastSeq, Long next) {}

  /** A consumer and how far behind it is. */
  public record ConsumerView(
      String name,
      String description,
      boolean durable,
      List<String> filterSubjects,
      String deliverPolicy,
      String ackPolicy,
      String deliverSubject,
      long numPending,
      long numAckPending,
      long numRedelivered,
      long numWaiting,
      long deliveredStreamSeq,
      long ackFloorStreamSeq,
      boolean paused,
      Instant created) {}

  /** A Key/Value bucket (the stream {@code KV_<bucket>}). */
  public record KvBucketView(
      String bucket, long keys, long values, long bytes, long history, Long ttlSeconds) {}

  /** A key's value at one revision; {@code operation} is PUT, DEL or PURGE. */
  public record KvEntryView(
      String key,
      long revision,
      String operation,
      Instant created,
      @Schema(description = "the value, base64") String value,
      String text,
      int size) {}

  /** An Object Store bucket (the stream {@code OBJ_<bucket>}). */
  public record ObjectStoreView(String bucket, long objects, long bytes) {}

  /** An object's metadata. */
  public record ObjectView(
      String name, String description, long size, long chunks, Instant modified, String digest) {}
}
