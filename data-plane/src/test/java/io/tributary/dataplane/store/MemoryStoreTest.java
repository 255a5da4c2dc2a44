package io.tributary.dataplane.store;

class MemoryStoreTest extends StreamStoreContract {
  @Override
  protected StreamStore create(StoreLimits limits) {
    return new MemoryStore(limits);
  }

  @Override
  protected StreamStore restart(StreamStore store, StoreLimits limits) {
    return store;
  }
}
