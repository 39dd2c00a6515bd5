package io.themisdb.engine.storage;

import org.rocksdb.Cache;
import org.rocksdb.Env;
import org.rocksdb.LRUCache;
import org.rocksdb.Priority;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * RocksDB resources all tenant databases of one host share, so that thousands of databases fit one
 * memory budget: one block cache, one write buffer manager that charges memtables to that cache,
 * and the default Env's background threads. Closed after every store using it.
 */
public final class StorageResources implements AutoCloseable {

  static {
    RocksDB.loadLibrary();
  }

  private static final double INDEX_AND_FILTER_SHARE = 0.1;

  private final LRUCache cache;
  private final WriteBufferManager writeBuffers;
  private final Env env;
  private final RocksLog log = new RocksLog();
  private boolean closed;

  /**
   * @param memoryBudgetBytes block cache capacity; memtables are charged to it, so this bounds
   *     cache plus write buffers together
   * @param writeBufferBytes the part of the budget memtables may use before RocksDB flushes
   * @param backgroundThreads flush and compaction threads shared by all databases
   */
  public StorageResources(long memoryBudgetBytes, long writeBufferBytes, int backgroundThreads) {
    // Index and filter blocks go to a high-priority pool, so that streaming document blocks of one
    // big tenant do not evict them: without them every point read first reads its table's index
    // (issue #3 benchmark: gets at a quarter of raw RocksDB while the data outgrew the cache).
    cache = new LRUCache(memoryBudgetBytes, -1, false, INDEX_AND_FILTER_SHARE);
    // No allowStall: over budget, the database being written flushes its memtables, but writers
    // are not stalled. A stall waits until memtables of any database shrink, and idle tenants
    // never flush theirs: in the #3 benchmark a batch insert blocked in commit for good while two
    // idle databases held the write buffer budget. The cache still bounds blocks plus memtables.
    writeBuffers = new WriteBufferManager(writeBufferBytes, cache, false);
    env = Env.getDefault();
    env.setBackgroundThreads(Math.max(1, backgroundThreads - 1), Priority.LOW);
    env.setBackgroundThreads(1, Priority.HIGH);
  }

  Cache cache() {
    return cache;
  }

  WriteBufferManager writeBuffers() {
    return writeBuffers;
  }

  Env env() {
    return env;
  }

  RocksLog log() {
    return log;
  }

  /** Bytes held in the shared block cache, memtable reservations included. */
  public long cacheUsage() {
    return cache.getUsage();
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      writeBuffers.close();
      cache.close();
      log.close();
    }
  }
}
