package io.tributary.dataplane.account;

import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.Import;
import io.tributary.dataplane.protocol.InternedSubject;
import io.tributary.dataplane.subject.SubjectMapping;

/**
 * A service import: an internal subscription in the importing account on the import's local
 * subject, which forwards each request into the exporting account under the exported subject, with
 * its reply subject replaced by one of the exporter's {@link ResponseRoutes}. A request that no
 * responder receives counts as undelivered, so the requester gets no-responders.
 */
final class ServiceImport implements Subscriber {
  private final Account exporter;
  private final Account importer;
  private final Export export;
  private final String local;
  private final String remote;
  private final Subscription subscription;

  ServiceImport(Account exporter, Account importer, Import imp, Export export) {
    this.exporter = exporter;
    this.importer = importer;
    this.export = export;
    this.local = imp.importerSubject();
    this.remote = imp.exporterSubject();
    this.subscription = new Subscription(this, local, null, "service-import-" + exporter.name());
    importer.subscribe(subscription);
  }

  void remove() {
    importer.unsubscribe(subscription);
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
    InternedSubject subject = SubjectMapping.map(local, remote, subjectBytes);
    byte[] routedReply = reply == null ? null : exporter.responses().open(importer, reply, export);
    int delivered = exporter.routeImported(subject, routedReply, buf, offset, size, headerSize);
    if (delivered == 0 && routedReply != null) {
      exporter.responses().cancel(routedReply);
    }
    return delivered > 0;
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
    return importer;
  }
}
