package io.themisdb.engine;

import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexEntries;
import io.themisdb.engine.index.IndexHit;
import io.themisdb.engine.index.IndexKind;
import io.themisdb.engine.index.IndexQuery;
import io.themisdb.engine.index.IndexState;
import io.themisdb.engine.index.ttl.Expiry;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StoreTransaction;
import java.util.List;
import java.util.OptionalLong;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes expired documents of one database through ordinary transactions, so their index entries
 * go and the change log records a REMOVE for each, exactly as for a remove by a client.
 */
final class ExpirySweep {
  private static final int BATCH = 256;
  private static final int ATTEMPTS = 3;

  private ExpirySweep() {}

  /** Removes every document whose TTL time is at or before {@code nowMillis}; returns how many. */
  static int run(TenantDatabase database, long nowMillis) {
    int removed = 0;
    for (CollectionInfo c : database.collections()) {
      for (IndexDefinition d : database.indexes(c.name())) {
        if (d.kind() == IndexKind.TTL && d.state() == IndexState.READY) {
          removed += sweepIndex(database, c, d, nowMillis);
        }
      }
    }
    return removed;
  }

  private static int sweepIndex(
      TenantDatabase database, CollectionInfo c, IndexDefinition d, long nowMillis) {
    IndexQuery due =
        IndexQuery.range(null, false, JsonNodeFactory.instance.numberNode(nowMillis), true);
    int removed = 0;
    while (true) {
      int[] batch = batchWithRetries(database, c, d, due, nowMillis);
      removed += batch[0];
      // A full batch with nothing removed would come back unchanged: leave it to the next sweep.
      if (batch[1] < BATCH || batch[0] == 0) {
        return removed;
      }
    }
  }

  /** One transaction: answers {removed, entries seen}. */
  private static int[] batchWithRetries(
      TenantDatabase database, CollectionInfo c, IndexDefinition d, IndexQuery due, long now) {
    for (int attempt = 1; ; attempt++) {
      try (Transaction t = database.begin()) {
        List<IndexHit> hits = t.lookup(c.name(), d.name(), due, false, BATCH);
        int removed = 0;
        for (IndexHit hit : hits) {
          // The snapshot agrees with the index; checking the document again costs little and
          // guards the one thing a sweep must never do: remove a document that is not expired.
          ObjectNode doc = t.get(c.name(), hit.key()).orElse(null);
          OptionalLong expiry =
              doc == null
                  ? OptionalLong.empty()
                  : Expiry.millis(IndexEntries.attribute(doc, d.fields().getFirst()));
          if (expiry.isPresent() && expiry.getAsLong() <= now) {
            t.remove(c.name(), hit.key());
            removed++;
          }
        }
        t.commit();
        return new int[] {removed, hits.size()};
      } catch (ConflictException e) {
        // A client wrote one of these documents meanwhile: take a fresh snapshot.
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * The earliest expiry time in the TTL indexes of an open database; {@link Long#MAX_VALUE} when
   * they are empty, null when it has none.
   */
  static Long nextExpiry(OpenDatabase db) {
    if (!db.catalog.hasTtlIndexes()) {
      return null;
    }
    long[] earliest = {Long.MAX_VALUE};
    try (StoreTransaction txn =
        db.store.begin(false, false, db.settings.lockTimeout().toMillis(), 0)) {
      for (CollectionInfo c : db.catalog.collections()) {
        for (IndexDefinition d : db.catalog.indexes(c.id())) {
          if (d.kind() != IndexKind.TTL) {
            continue;
          }
          byte[] prefix = IndexEntries.prefix(d.id());
          txn.scan(
              Space.INDEX_ENTRIES,
              prefix,
              io.themisdb.engine.keys.KeyRanges.prefixEnd(prefix),
              false,
              (k, v) -> {
                long millis = IndexEntries.decode(d, k, v).values().getFirst().longValue();
                earliest[0] = Math.min(earliest[0], millis);
                return false;
              });
        }
      }
    }
    return earliest[0];
  }
}
