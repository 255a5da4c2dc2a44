package io.tributary.dataplane.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.tributary.auth.subject.Subjects;

class SublistTest {
  record Sub(String subject, String queue, int id) implements Sublist.Member {}

  @Test
  void matchesPlainWildcardAndQueueSubscriptions() {
    Sublist<Sub> sl = new Sublist<>();
    Sub a = new Sub("foo.bar", null, 1);
    Sub b = new Sub("foo.*", null, 2);
    Sub c = new Sub("foo.>", null, 3);
    Sub q1 = new Sub("foo.bar", "q", 4);
    Sub q2 = new Sub("foo.*", "q", 5);
    Sub r1 = new Sub(">", "r", 6);
    List.of(a, b, c, q1, q2, r1).forEach(sl::insert);
    SublistResult<Sub> res = sl.match("foo.bar");
    assertThat(res.plain()).containsExactlyInAnyOrder(a, b, c);
    assertThat(res.queueGroups()).hasSize(2);
    assertThat(res.queueGroups()).anySatisfy(g -> assertThat(g).containsExactlyInAnyOrder(q1, q2));
    assertThat(sl.match("foo").plain()).isEmpty();
    assertThat(sl.match("foo.bar.baz").plain()).containsExactly(c);
    assertThat(sl.remove(b)).isTrue();
    assertThat(sl.remove(b)).isFalse();
    assertThat(sl.match("foo.bar").plain()).containsExactlyInAnyOrder(a, c);
    assertThat(sl.count()).isEqualTo(5);
  }

  /**
   * Property: against a naive list scan, with random inserts, removes and matches (cache hits
   * included).
   */
  @Test
  void agreesWithANaiveMatcher() {
    Random r = new Random(11);
    Sublist<Sub> sl = new Sublist<>();
    List<Sub> naive = new ArrayList<>();
    String[] tokens = {"a", "b", "c"};
    for (int i = 0; i < 20_000; i++) {
      int op = r.nextInt(10);
      if (op < 3) {
        Sub s =
            new Sub(
                randomSubject(r, tokens, true), r.nextInt(4) == 0 ? "q" + r.nextInt(2) : null, i);
        sl.insert(s);
        naive.add(s);
      } else if (op < 5 && !naive.isEmpty()) {
        Sub s = naive.remove(r.nextInt(naive.size()));
        assertThat(sl.remove(s)).isTrue();
      } else {
        String subject = randomSubject(r, tokens, false);
        // matchOnce as a reply inbox is matched: answered per prefix where no literal follows
        SublistResult<Sub> res = r.nextBoolean() ? sl.match(subject) : sl.matchOnce(subject);
        Set<Sub> expectedPlain = new HashSet<>();
        Set<Sub> expectedQueue = new HashSet<>();
        for (Sub s : naive) {
          if (Subjects.matches(s.subject(), subject)) {
            (s.queue() == null ? expectedPlain : expectedQueue).add(s);
          }
        }
        assertThat(new HashSet<>(res.plain())).as(subject).isEqualTo(expectedPlain);
        Set<Sub> gotQueue = new HashSet<>();
        res.queueGroups().forEach(gotQueue::addAll);
        assertThat(gotQueue).as(subject).isEqualTo(expectedQueue);
      }
    }
    assertThat(sl.count()).isEqualTo(naive.size());
    assertThat(sl.stats().cacheHitRate()).isPositive();
  }

  @Test
  void oneOffSubjectsUnderAWildcardInboxAreAnsweredPerPrefixUntilTheIndexChanges() {
    Sublist<Sub> sl = new Sublist<>();
    Sub inbox = new Sub("_INBOX.abc.*", null, 1);
    sl.insert(inbox);
    for (int i = 0; i < 100; i++) {
      assertThat(sl.matchOnce("_INBOX.abc." + i).plain()).containsExactly(inbox);
    }
    assertThat(sl.stats().cacheHitRate()).isGreaterThan(0.9);
    assertThat(sl.matchOnce("_INBOX.abd.1").plain()).isEmpty();
    assertThat(sl.matchOnce("_INBOX.abc.1.2").plain()).isEmpty();

    Sub literal = new Sub("_INBOX.abc.7", null, 2);
    sl.insert(literal); // the last token is named now: no longer the same for every subject
    assertThat(sl.matchOnce("_INBOX.abc.7").plain()).containsExactlyInAnyOrder(inbox, literal);
    assertThat(sl.matchOnce("_INBOX.abc.8").plain()).containsExactly(inbox);
    Sub queue = new Sub("_INBOX.*.*", "q", 3);
    sl.insert(queue);
    assertThat(sl.matchOnce("_INBOX.abc.8").queueGroups()).containsExactly(List.of(queue));
    sl.remove(literal);
    sl.remove(inbox);
    assertThat(sl.matchOnce("_INBOX.abc.7").plain()).isEmpty();
    assertThat(sl.matchOnce("_INBOX.abc.9").queueGroups()).containsExactly(List.of(queue));
  }

  private static String randomSubject(Random r, String[] tokens, boolean wildcards) {
    int n = 1 + r.nextInt(3);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append('.');
      }
      int pick = r.nextInt(wildcards ? 5 : 3);
      b.append(pick == 3 ? "*" : pick == 4 && i == n - 1 ? ">" : tokens[r.nextInt(tokens.length)]);
    }
    return b.toString();
  }
}
