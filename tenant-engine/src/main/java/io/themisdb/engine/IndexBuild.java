package io.themisdb.engine;

import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.document.DocumentCodec;
import io.themisdb.engine.geo.GeoIndex;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexEntries;
import io.themisdb.engine.index.IndexKind;
import io.themisdb.engine.keys.KeyRanges;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StoreTransaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Fills a new index from the documents already stored, in small transactions so that writers are
 * never blocked for the whole build. Writers maintain the index from the moment it exists; the
 * build first waits for transactions that began before that, then locks each document while
 * indexing it, so it and writers never disagree about a document's entry.
 */
final class IndexBuild {
  private static final int BATCH = 500;
  private static final int ATTEMPTS = 10;

  private final OpenDatabase db;
  private final IndexDefinition index;
  private final LongConsumer progress;

  IndexBuild(OpenDatabase db, IndexDefinition index, LongConsumer progress) {
    this.db = db;
    this.index = index;
    this.progress = progress;
  }

  void run() {
    db.awaitTransactionsBegunBefore(System.nanoTime() + db.settings.transactionTimeout().toNanos());
    CollectionInfo c = db.catalog.collectionById(index.collectionId());
    byte[] prefix = Transaction.collectionPrefix(c.id());
    byte[] end = KeyRanges.prefixEnd(prefix);
    byte[] from = prefix;
    long indexed = 0;
    while (true) {
      List<byte[]> keys = batchWithRetries(from, end);
      indexed += keys.size();
      progress.accept(indexed);
      if (keys.size() < BATCH) {
        return;
      }
      from = KeyRanges.concat(keys.getLast(), new byte[] {0});
    }
  }

  private List<byte[]> batchWithRetries(byte[] from, byte[] end) {
    for (int attempt = 1; ; attempt++) {
      try {
        return batch(from, end);
      } catch (ConflictException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private List<byte[]> batch(byte[] from, byte[] end) {
    try (StoreTransaction txn =
        db.store.begin(false, false, db.settings.lockTimeout().toMillis(), 0)) {
      List<byte[]> keys = new ArrayList<>(BATCH);
      txn.scan(Space.DOCUMENTS, from, end, false, (k, v) -> keys.add(k) && keys.size() < BATCH);
      for (byte[] docKey : keys) {
        // Locked re-read: the latest committed version, which no writer can change until commit.
        byte[] stored = txn.getForUpdate(Space.DOCUMENTS, docKey);
        if (stored == null) {
          continue;
        }
        byte[] keyBytes = Arrays.copyOfRange(docKey, 4, docKey.length);
        String key = new String(keyBytes, StandardCharsets.US_ASCII);
        if (index.kind() == IndexKind.GEO) {
          GeoIndex.move(txn, index, key, null, DocumentCodec.decode(stored));
          continue;
        }
        byte[] entry = IndexEntries.entryKey(index, key, DocumentCodec.decode(stored));
        if (entry == null) {
          continue;
        }
        if (index.unique()) {
          Transaction.requireUnique(
              txn,
              entry,
              keyBytes,
              owner ->
                  "cannot build unique index '"
                      + index.name()
                      + "': documents '"
                      + key
                      + "' and '"
                      + owner
                      + "' share values");
        }
        txn.put(Space.INDEX_ENTRIES, entry, keyBytes);
      }
      txn.commit();
      return keys;
    }
  }
}
