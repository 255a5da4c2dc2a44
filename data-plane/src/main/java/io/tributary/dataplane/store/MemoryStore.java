package io.tributary.dataplane.store;

import java.util.concurrent.CompletableFuture;

/** A stream held in memory (storage {@code memory}): every append is "durable" at once. */
public final class MemoryStore extends IndexedStore {
  public MemoryStore(StoreLimits limits) {
    super(limits);
  }

  @Override
  protected long persist(StoredMessage m) {
    return 0;
  }

  @Override
  protected Object refFor(StoredMessage m) {
    return m;
  }

  @Override
  protected StoredMessage load(long seq, long location, Object ref) {
    return (StoredMessage) ref;
  }

  @Override
  protected CompletableFuture<Long> durable(long seq) {
    return CompletableFuture.completedFuture(seq);
  }

  @Override
  protected void persistRemoval(long seq, long location, boolean erase) {}

  @Override
  protected void persistFirst(long first) {}

  @Override
  protected void checkWritable() throws StoreException {
    if (closed) {
      throw new StoreException.Closed();
    }
  }

  @Override
  public CompletableFuture<Void> flush() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public boolean recover() {
    return !closed;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
