package io.themisdb.engine.storage;

import org.rocksdb.Cache;
import org.rocksdb.Env;
import org.rocksdb.HyperClockCache;
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

  /**
   * The hyper clock cache's expected bytes per entry, which sizes its hash table once for the
   * budget: RocksDB's default 4 KiB data block. (The automatic variant grows its table as entries
   * come; it opened and closed DensityTest's thousand databases no faster, within this machine's
   * noise, and a fixed table is simpler to reason about.)
   */
  private static final long ENTRY_CHARGE = 4L << 10;

  private final Cache cache;
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
    // A hyper clock cache: a lookup takes no lock and moves nothing, where the LRU cache's took a
    // shard mutex and relinked its list on every lookup and release (a quarter of an AQL index
    // lookup's time went to LRU bookkeeping; p50 -13% with this cache, issue #4). Index and filter
    // blocks are inserted with high priority (see Store), which this cache keeps longer than data
    // blocks, so streaming one big tenant's documents does not evict them first.
    cache = new HyperClockCache(memoryBudgetBytes, ENTRY_CHARGE, -1, false);
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
