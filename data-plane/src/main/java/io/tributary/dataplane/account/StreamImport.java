package io.tributary.dataplane.account;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.tributary.auth.claims.Import;
import io.tributary.auth.subject.Subjects;
import io.tributary.dataplane.client.Subscriber;
import io.tributary.dataplane.client.Subscription;
import io.tributary.dataplane.protocol.InternedSubject;

/**
 * A stream import: an internal subscription in the exporting account on the imported subject, which
 * re-publishes each message into the importing account under the local subject. Messages that
 * arrived through an import are not passed to further imports, so import cycles cannot loop.
 */
final class StreamImport implements Subscriber {
  private final Account exporter;
  private final Account importer;
  private final String subject;
  private final String local;
  private final Subscription subscription;

  StreamImport(Account exporter, Account importer, Import imp) {
    this.exporter = exporter;
    this.importer = importer;
    this.subject = imp.subject;
    String l = imp.effectiveLocalSubject();
    this.local = l == null || l.equals(imp.subject) ? null : l;
    this.subscription = new Subscription(this, imp.subject, null, "import-" + importer.name());
    exporter.sublist().insert(subscription);
  }

  void remove() {
    exporter.sublist().remove(subscription);
  }

  @Override
  public boolean deliver(
      Subscription sub,
      byte[] subjectBytes,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    String s = new String(subjectBytes, StandardCharsets.UTF_8);
    String mapped = local == null ? s : map(subject, local, s);
    byte[] mappedBytes = mapped.equals(s) ? subjectBytes : mapped.getBytes(StandardCharsets.UTF_8);
    return importer.routeImported(
            new InternedSubject(mapped, mappedBytes), reply, buf, offset, size, headerSize)
        > 0;
  }

  @Override
  public boolean isImport() {
    return true;
  }

  @Override
  public long id() {
    return 0;
  }

  @Override
  public Account account() {
    return exporter;
  }

  /**
   * Maps a subject matched by {@code from} onto {@code to}: {@code $n} is the n-th {@code *} of
   * {@code from}, a {@code *} in {@code to} takes the next capture, and a trailing {@code >} the
   * rest; other tokens are literal.
   */
  static String map(String from, String to, String subject) {
    List<String> pattern = Subjects.tokenize(from);
    List<String> tokens = Subjects.tokenize(subject);
    List<String> captures = new ArrayList<>();
    String rest = null;
    for (int i = 0; i < pattern.size() && i < tokens.size(); i++) {
      if (pattern.get(i).equals(Subjects.SINGLE_WILDCARD)) {
        captures.add(tokens.get(i));
      } else if (pattern.get(i).equals(Subjects.FULL_WILDCARD)) {
        rest = String.join(".", tokens.subList(i, tokens.size()));
      }
    }
    List<String> out = new ArrayList<>();
    int next = 0;
    for (String t : Subjects.tokenize(to)) {
      if (t.matches("\\$\\d+")) {
        int n = Integer.parseInt(t.substring(1)) - 1;
        out.add(n >= 0 && n < captures.size() ? captures.get(n) : t);
      } else if (t.equals(Subjects.SINGLE_WILDCARD)) {
        out.add(next < captures.size() ? captures.get(next++) : t);
      } else if (t.equals(Subjects.FULL_WILDCARD)) {
        out.add(rest != null ? rest : t);
      } else {
        out.add(t);
      }
    }
    return String.join(".", out);
  }
}
