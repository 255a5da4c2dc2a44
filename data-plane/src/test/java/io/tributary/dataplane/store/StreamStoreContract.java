package io.tributary.dataplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StreamStore} does, run on the memory and the file store alike: sequences, reads
 * by subject, limits and discard policies, deletes and purges, exact usage — and a property test of
 * random operations against {@link NaiveStore}.
 */
abstract class StreamStoreContract {
  private final List<StreamStore> open = new ArrayList<>();

  /** A new, empty store. */
  protected abstract StreamStore create(StoreLimits limits) throws Exception;

  /** The same store after a restart (closed and opened again); the memory store returns itself. */
  protected abstract StreamStore restart(StreamStore store, StoreLimits limits) throws Exception;

  protected final StreamStore store(StoreLimits limits) throws Exception {
    StreamStore s = create(limits);
    open.add(s);
    return s;
  }

  protected final StreamStore track(StreamStore s) {
    open.add(s);
    return s;
  }

  @AfterEach
  void closeAll() {
    open.forEach(StreamStore::close);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static long put(StreamStore s, String subject, String payload) throws Exception {
    return s.append(subject, null, bytes(payload), System.nanoTime()).get();
  }

  static StoreLimits limits(long maxMsgs, long maxBytes, long perSubject) {
    return new StoreLimits(maxMsgs, maxBytes, null, perSubject, -1, StoreLimits.Discard.OLD, false);
  }

  @Test
  void sequencesAndReads() throws Exception {
    StreamStore s = store(StoreLimits.NONE);
    byte[] hdr = bytes("NATS/1.0\r\nA: 1\r\n\r\n");
    assertThat(s.append("a.1", hdr, bytes("one"), 10).get()).isEqualTo(1);
    assertThat(put(s, "a.2", "two")).isEqualTo(2);
    assertThat(put(s, "b.1", "three")).isEqualTo(3);
    StoredMessage m = s.get(1);
    assertThat(m.subject()).isEqualTo("a.1");
    assertThat(m.headers()).isEqualTo(hdr);
    assertThat(m.payload()).isEqualTo(bytes("one"));
    assertThat(m.timestamp()).isEqualTo(10);
    assertThat(s.get(4)).isNull();
    assertThat(s.next(1, "a.*").seq()).isEqualTo(1);
    assertThat(s.next(2, "a.*").seq()).isEqualTo(2);
    assertThat(s.next(3, "a.*")).isNull();
    assertThat(s.next(1, "b.1").seq()).isEqualTo(3);
    assertThat(s.next(1, ">").seq()).isEqualTo(1);
    assertThat(s.lastBySubject("a.2").payload()).isEqualTo(bytes("two"));
    assertThat(s.lastBySubject("c")).isNull();
    StreamState st = s.state();
    assertThat(st.msgs()).isEqualTo(3);
    assertThat(st.bytes()).isEqualTo(3 + hdr.length + 3 + 3 + 3 + 3 + 5);
    assertThat(st.firstSeq()).isEqualTo(1);
    assertThat(st.lastSeq()).isEqualTo(3);
    assertThat(st.numSubjects()).isEqualTo(3);
  }

  @Test
  void limitsDiscardOldest() throws Exception {
    StreamStore s = store(limits(3, -1, -1));
    for (int i = 1; i <= 5; i++) {
      put(s, "x", "m" + i);
    }
    assertThat(s.state().msgs()).isEqualTo(3);
    assertThat(s.state().firstSeq()).isEqualTo(3);
    assertThat(s.get(2)).isNull();
    s.limits(limits(-1, 6, -1)); // "x" + "mN" = 3 bytes each: two fit
    assertThat(s.state().msgs()).isEqualTo(2);
    assertThat(s.state().bytes()).isEqualTo(6);
  }

  @Test
  void perSubjectLimitReplacesTheSubjectsOldest() throws Exception {
    StreamStore s = store(limits(-1, -1, 1));
    put(s, "k.a", "1");
    put(s, "k.b", "2");
    put(s, "k.a", "3");
    assertThat(s.get(1)).isNull();
    assertThat(s.lastBySubject("k.a").seq()).isEqualTo(3);
    assertThat(s.next(1, "k.a").seq()).isEqualTo(3);
    assertThat(s.state().msgs()).isEqualTo(2);
    assertThat(s.state().numDeleted()).isEqualTo(0); // 1 is below the first (2)
  }

  @Test
  void discardNewRefusesAndSubjectsAtTheirLimitReplace() throws Exception {
    StoreLimits l = new StoreLimits(2, -1, null, 1, -1, StoreLimits.Discard.NEW, false);
    StreamStore s = store(l);
    put(s, "a", "1");
    put(s, "b", "2");
    assertThatThrownBy(() -> put(s, "c", "3")).isInstanceOf(StoreException.StoreFull.class);
    assertThat(put(s, "a", "4")).as("a is at its own limit: it replaces").isEqualTo(3);
    StreamStore strict = store(new StoreLimits(-1, -1, null, 1, -1, StoreLimits.Discard.NEW, true));
    put(strict, "a", "1");
    assertThatThrownBy(() -> put(strict, "a", "2")).isInstanceOf(StoreException.SubjectFull.class);
    StreamStore bytesFull =
        store(new StoreLimits(-1, 5, null, -1, -1, StoreLimits.Discard.NEW, false));
    put(bytesFull, "a", "1234");
    assertThatThrownBy(() -> put(bytesFull, "a", "x"))
        .isInstanceOf(StoreException.StoreFull.class)
        .hasMessageContaining("bytes");
  }

  @Test
  void maxMessageSize() throws Exception {
    StreamStore s = store(new StoreLimits(-1, -1, null, -1, 4, StoreLimits.Discard.OLD, false));
    put(s, "a", "123");
    assertThatThrownBy(() -> put(s, "a", "1234"))
        .isInstanceOf(StoreException.MessageTooLarge.class)
        .hasMessageContaining("exceeds maximum allowed 4");
    assertThat(s.state().msgs()).isEqualTo(1);
  }

  @Test
  void maxAgeExpires() throws Exception {
    StreamStore s =
        store(
            new StoreLimits(
                -1, -1, Duration.ofSeconds(10), -1, -1, StoreLimits.Discard.OLD, false));
    long t = 1_000_000_000_000L;
    s.append("a", null, bytes("old"), t).get();
    s.append("a", null, bytes("new"), t + Duration.ofSeconds(8).toNanos()).get();
    assertThat(s.expire(t + Duration.ofSeconds(11).toNanos())).isEqualTo(1);
    assertThat(s.state().firstSeq()).isEqualTo(2);
    assertThat(s.expire(t + Duration.ofSeconds(30).toNanos())).isEqualTo(1);
    assertThat(s.state().msgs()).isZero();
    assertThat(s.state().firstSeq()).isEqualTo(3);
    assertThat(put(s, "a", "next")).isEqualTo(3);
  }

  @Test
  void deletesAndPurges() throws Exception {
    StreamStore s = store(StoreLimits.NONE);
    for (int i = 1; i <= 10; i++) {
      put(s, i % 2 == 0 ? "even" : "odd", "m" + i);
    }
    assertThat(s.delete(5, false)).isTrue();
    assertThat(s.delete(5, false)).isFalse();
    assertThat(s.get(5)).isNull();
    assertThat(s.state().numDeleted()).isEqualTo(1);
    assertThat(s.purge("even", 0, 1)).as("keep the newest even").isEqualTo(4);
    assertThat(s.next(1, "even").seq()).isEqualTo(10);
    assertThat(s.purge(null, 4, 0)).as("up to 4").isEqualTo(2); // 1, 3
    assertThat(s.state().firstSeq()).isEqualTo(7);
    assertThat(s.purge(null, 0, 0)).isEqualTo(3); // 7, 9, 10
    StreamState st = s.state();
    assertThat(st.msgs()).isZero();
    assertThat(st.bytes()).isZero();
    assertThat(st.firstSeq()).isEqualTo(11);
    assertThat(st.lastSeq()).isEqualTo(10);
    assertThat(put(s, "odd", "after")).isEqualTo(11);
  }

  /** Random operations on the store and on {@link NaiveStore} must agree at every step. */
  @Test
  void agreesWithTheNaiveModel() throws Exception {
    String[] subjects = {"a.1", "a.2", "a.3", "b.1", "b.2", "c"};
    String[] filters = {null, ">", "a.*", "b.1", "*.2", "c", "a.>"};
    List<StoreLimits> configs =
        List.of(
            StoreLimits.NONE,
            limits(20, -1, -1),
            limits(-1, 200, -1),
            limits(-1, -1, 2),
            limits(30, 400, 3),
            new StoreLimits(15, -1, null, 2, 40, StoreLimits.Discard.NEW, false),
            new StoreLimits(-1, 300, null, 2, -1, StoreLimits.Discard.NEW, true));
    for (int run = 0; run < configs.size(); run++) {
      Random random = new Random(run);
      StoreLimits l = configs.get(run);
      StreamStore s = store(l);
      NaiveStore model = new NaiveStore(l);
      for (int op = 0; op < 600; op++) {
        int kind = random.nextInt(100);
        if (kind < 70) {
          String subject = subjects[random.nextInt(subjects.length)];
          byte[] payload = new byte[random.nextInt(50)];
          random.nextBytes(payload);
          byte[] hdr = random.nextInt(5) == 0 ? bytes("NATS/1.0\r\nX: y\r\n\r\n") : null;
          long ts = 1_000L + op;
          Object expected = model.append(subject, hdr, payload, ts);
          if (expected instanceof Long seq) {
            assertThat(s.append(subject, hdr, payload, ts).get()).isEqualTo(seq);
          } else {
            @SuppressWarnings("unchecked")
            Class<? extends Throwable> type = (Class<? extends Throwable>) expected;
            StreamStore current = s;
            assertThatThrownBy(() -> current.append(subject, hdr, payload, ts)).isInstanceOf(type);
          }
        } else if (kind < 80) {
          long seq = model.firstSeq() + random.nextInt((int) (model.last - model.firstSeq() + 2));
          assertThat(s.delete(seq, random.nextBoolean())).isEqualTo(model.msgs.remove(seq) != null);
        } else if (kind < 84) {
          String f = filters[random.nextInt(filters.length)];
          long upTo = random.nextBoolean() ? 0 : model.firstSeq() + random.nextInt(10);
          long keep = random.nextInt(3);
          assertThat(s.purge(f, upTo, keep)).isEqualTo(model.purge(f, upTo, keep));
        } else if (kind < 86) {
          s = restart(s, l);
          track(s);
        } else {
          long from = model.firstSeq() + random.nextInt(5) - 2;
          String f = filters[random.nextInt(filters.length)];
          StoredMessage want = model.next(Math.max(1, from), f);
          StoredMessage got = s.next(Math.max(1, from), f);
          assertThat(got == null ? null : got.seq()).isEqualTo(want == null ? null : want.seq());
          String subject = subjects[random.nextInt(subjects.length)];
          StoredMessage last = model.lastBySubject(subject);
          StoredMessage gotLast = s.lastBySubject(subject);
          assertThat(gotLast == null ? null : gotLast.seq())
              .isEqualTo(last == null ? null : last.seq());
        }
        assertSameState(s, model, "run " + run + " op " + op);
      }
      for (StoredMessage m : model.msgs.values()) {
        StoredMessage got = s.get(m.seq());
        assertThat(got.subject()).isEqualTo(m.subject());
        assertThat(got.payload()).isEqualTo(m.payload());
        assertThat(got.headers()).isEqualTo(m.headers());
        assertThat(got.timestamp()).isEqualTo(m.timestamp());
      }
    }
  }

  private static void assertSameState(StreamStore s, NaiveStore model, String where) {
    StreamState st = s.state();
    assertThat(st.msgs()).as(where + " msgs").isEqualTo(model.msgs.size());
    assertThat(st.bytes()).as(where + " bytes").isEqualTo(model.bytes());
    assertThat(st.lastSeq()).as(where + " last").isEqualTo(model.last);
    assertThat(st.firstSeq()).as(where + " first").isEqualTo(model.firstSeq());
    assertThat(st.numSubjects()).as(where + " subjects").isEqualTo(model.subjects().size());
  }
}
