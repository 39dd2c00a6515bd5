package io.themisdb.engine.bench;

import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * What keeps a raw RocksDB baseline comparable with the engine. Equal memory for both sides. A raw
 * RocksDB baseline holds its block cache plus, outside it, up to {@code max_write_buffer_number}
 * (2) memtables of {@code write_buffer_size} (64 MiB) per column family, RocksDB's defaults. The
 * engine's memory budget bounds its block cache, its memtables (charged to the cache) and its index
 * and filter blocks together, so it gets the sum: with the cache alone its blocks competed with
 * memtables that the baseline keeps elsewhere, and 200,000 documents no longer fit (gets at a
 * quarter of raw speed, issue #3).
 */
public final class Baselines {
  /** RocksDB's default write_buffer_size times max_write_buffer_number, per column family. */
  private static final long RAW_MEMTABLES_PER_FAMILY = 2 * (64L << 20);

  private Baselines() {}

  /** The engine budget matching a raw baseline with this cache and these column families. */
  public static long engineBudget(long rawCacheBytes, int rawColumnFamilies) {
    return rawCacheBytes + rawColumnFamilies * RAW_MEMTABLES_PER_FAMILY;
  }

  /**
   * Flushes and compacts the baseline's column families, as {@code TenantDatabase.compact} does on
   * the engine side: timed reads then pay for neither side's load.
   */
  public static void compact(RocksDB db, List<ColumnFamilyHandle> families)
      throws RocksDBException {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, families);
    }
    for (ColumnFamilyHandle h : families) {
      db.compactRange(h);
    }
  }
}
