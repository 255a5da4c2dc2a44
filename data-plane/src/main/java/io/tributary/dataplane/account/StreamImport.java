package io.tributary.dataplane.account;

import io.tributary.auth.claims.Import;
import io.tributary.dataplane.subject.SubjectMapping;

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
    this.local = imp.importerSubject();
    this.subscription = new Subscription(this, imp.subject, null, "import-" + importer.name());
    exporter.subscribe(subscription);
  }

  void remove() {
    exporter.unsubscribe(subscription);
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
    return importer.routeStreamImported(
            SubjectMapping.map(subject, local, subjectBytes),
            null,
            reply,
            buf,
            offset,
            size,
            headerSize)
        > 0;
  }

  @Override
  public boolean deliverAs(
      Subscription sub,
      byte[] routed,
      byte[] wire,
      byte[] reply,
      byte[] buf,
      int offset,
      int size,
      int headerSize) {
    return importer.routeStreamImported(
            SubjectMapping.map(subject, local, routed), wire, reply, buf, offset, size, headerSize)
        > 0;
  }

  @Override
  public boolean isImport() {
    return true;
  }

  /**
   * The other nodes learn of it (nats-server's shadow subscription), so messages of the exporting
   * account reach this node, which applies the import to them itself.
   */
  @Override
  public boolean sharedWithCluster() {
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
}
