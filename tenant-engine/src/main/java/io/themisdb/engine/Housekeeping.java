package io.themisdb.engine;

import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexEntries;
import io.themisdb.engine.keys.KeyRanges;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StoreTransaction;
import java.util.ArrayList;
import java.util.List;

/** Work over whole key ranges: deleting a dropped collection or index, measuring a collection. */
final class Housekeeping {
  private static final int BATCH = 10_000;

  private Housekeeping() {}

  /**
   * Deletes every key starting with {@code prefix}, in batches. The range belongs to a dropped
   * collection or index whose id is never reused, so no live writer touches it; deletes are
   * untracked for that reason.
   */
  static void deleteRange(OpenDatabase db, Space space, byte[] prefix) {
    byte[] end = KeyRanges.prefixEnd(prefix);
    while (true) {
      List<byte[]> keys = new ArrayList<>();
      try (StoreTransaction txn =
          db.store.begin(false, false, db.settings.lockTimeout().toMillis(), 0)) {
        txn.scan(space, prefix, end, false, (k, v) -> keys.add(k) && keys.size() < BATCH);
        for (byte[] k : keys) {
          txn.deleteUntracked(space, k);
        }
        txn.commit();
      }
      if (keys.size() < BATCH) {
        return;
      }
    }
  }

  /** Documents counted before {@link #approximateCount} extrapolates from their share of bytes. */
  static final int COUNTED = 1000;

  /**
   * The number of documents of a collection, cheaply: exact up to {@link #COUNTED}, beyond that the
   * counted documents scaled by the collection's stored bytes over theirs (RocksDB's size estimate,
   * memtables included), so no full scan.
   */
  static long approximateCount(OpenDatabase db, CollectionInfo c) {
    byte[] prefix = Transaction.collectionPrefix(c.id());
    byte[] end = KeyRanges.prefixEnd(prefix);
    long[] count = {0};
    byte[][] last = {null};
    try (StoreTransaction txn =
        db.store.begin(false, false, db.settings.lockTimeout().toMillis(), 0)) {
      txn.scan(
          Space.DOCUMENTS,
          prefix,
          end,
          false,
          (k, v) -> {
            last[0] = k;
            return ++count[0] < COUNTED;
          });
    }
    if (count[0] < COUNTED) {
      return count[0];
    }
    byte[] afterLast = java.util.Arrays.copyOf(last[0], last[0].length + 1);
    long counted = db.store.approximateSize(Space.DOCUMENTS, prefix, afterLast);
    long total = db.store.approximateSize(Space.DOCUMENTS, prefix, end);
    if (counted <= 0 || total <= counted) {
      return count[0];
    }
    return Math.round((double) count[0] * total / counted);
  }

  static CollectionStats stats(OpenDatabase db, CollectionInfo c) {
    byte[] prefix = Transaction.collectionPrefix(c.id());
    long[] count = {0};
    try (StoreTransaction txn =
        db.store.begin(false, false, db.settings.lockTimeout().toMillis(), 0)) {
      txn.scan(
          Space.DOCUMENTS, prefix, KeyRanges.prefixEnd(prefix), false, (k, v) -> ++count[0] > 0);
    }
    long bytes = db.store.approximateSize(Space.DOCUMENTS, prefix, KeyRanges.prefixEnd(prefix));
    for (IndexDefinition d : db.catalog.indexes(c.id())) {
      byte[] p = IndexEntries.prefix(d.id());
      bytes += db.store.approximateSize(Space.INDEX_ENTRIES, p, KeyRanges.prefixEnd(p));
    }
    return new CollectionStats(count[0], bytes);
  }
}
