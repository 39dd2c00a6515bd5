package io.themisdb.engine;

import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.crypto.EncryptionPolicy;
import io.themisdb.engine.crypto.Pace;
import io.themisdb.engine.crypto.ReencryptionProgress;
import io.themisdb.engine.document.DocumentCodec;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexEntries;
import io.themisdb.engine.keys.KeyRanges;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StoreTransaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One pass over a collection that brings every encrypted attribute up to date: encrypts values
 * written before the attribute joined the policy, re-encrypts values under an older key version
 * (after a rotation). Batch by batch, each in its own transaction that locks the documents it
 * rewrites, moves their index entries and saves a checkpoint, so a pass interrupted by a crash or
 * an interrupt resumes after the last committed batch.
 *
 * <p>A rewrite keeps the document's revision and writes no change-log record: the document's
 * content is unchanged, only its stored bytes are.
 */
final class EncryptionPass {

  private static final int BATCH = 256;
  private static final int ATTEMPTS = 5;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CHECKPOINT = "ej/";

  /** Passes running now, by host, database and collection id: one at a time per collection. */
  private static final Set<List<Object>> RUNNING = ConcurrentHashMap.newKeySet();

  private final TenantDatabase handle;
  private final String collection;
  private final Pace pace;
  private final Consumer<ReencryptionProgress> listener;

  EncryptionPass(
      TenantDatabase handle,
      String collection,
      Pace pace,
      Consumer<ReencryptionProgress> listener) {
    this.handle = handle;
    this.collection = collection;
    this.pace = pace;
    this.listener = listener;
  }

  ReencryptionProgress run() throws InterruptedException {
    CollectionInfo c;
    EncryptionPolicy start;
    long total;
    Checkpoint checkpoint;
    OpenDatabase db = handle.lease();
    try {
      c = db.catalog.collection(collection);
      start = db.policies.get(c.id());
      if (start == null) {
        throw new IllegalArgumentException(
            "collection '" + collection + "' has no encryption policy");
      }
      // A write sealed before the policy existed may still be uncommitted; its transaction
      // lives at most the transaction timeout, so waiting that long (and a little) suffices.
      db.awaitTransactionsBegunBefore(
          System.nanoTime() + db.settings.transactionTimeout().plusSeconds(5).toNanos());
      total = Housekeeping.stats(db, c).documentCount();
      checkpoint = Checkpoint.load(db, c);
    } finally {
      handle.release(db);
    }
    List<Object> running = List.of(handle.host(), handle.name(), c.id());
    if (!RUNNING.add(running)) {
      throw new IllegalStateException(
          "an encryption pass over '" + collection + "' is running already");
    }
    try {
      ReencryptionProgress progress = checkpoint.progress(collection, total, false);
      listener.accept(progress);
      while (true) {
        if (Thread.interrupted()) {
          throw new InterruptedException("encryption pass over '" + collection + "' interrupted");
        }
        pace.acquire(BATCH);
        int[] visited = new int[1];
        checkpoint = batchWithRetries(c, checkpoint, visited);
        boolean finished = visited[0] < BATCH;
        progress = checkpoint.progress(collection, total, finished);
        if (finished) {
          settle(c, start);
          listener.accept(progress);
          return progress;
        }
        listener.accept(progress);
      }
    } finally {
      RUNNING.remove(running);
    }
  }

  private Checkpoint batchWithRetries(CollectionInfo c, Checkpoint from, int[] visited) {
    for (int attempt = 1; ; attempt++) {
      OpenDatabase db = handle.lease();
      try {
        return batch(db, c, from, visited);
      } catch (ConflictException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      } finally {
        handle.release(db);
      }
    }
  }

  private Checkpoint batch(OpenDatabase db, CollectionInfo c, Checkpoint from, int[] visited) {
    EncryptionPolicy policy = db.policies.get(c.id());
    if (policy == null || !db.catalog.hasCollection(c.name())) {
      throw new UnknownCollectionException(
          "collection '" + c.name() + "' was dropped or lost its encryption policy");
    }
    byte[] prefix = Transaction.collectionPrefix(c.id());
    byte[] start =
        from.lastKey() == null
            ? prefix
            : KeyRanges.concat(Transaction.documentKey(c, from.lastKey()), new byte[] {0});
    try (StoreTransaction txn =
        db.store.begin(false, false, db.settings.lockTimeout().toMillis(), 0)) {
      List<byte[]> keys = new ArrayList<>(BATCH);
      txn.scan(
          Space.DOCUMENTS,
          start,
          KeyRanges.prefixEnd(prefix),
          false,
          (k, v) -> keys.add(k) && keys.size() < BATCH);
      List<IndexDefinition> indexes = db.catalog.indexes(c.id());
      long rewritten = 0;
      String last = from.lastKey();
      for (byte[] docKey : keys) {
        byte[] keyBytes = Arrays.copyOfRange(docKey, 4, docKey.length);
        last = new String(keyBytes, StandardCharsets.US_ASCII);
        // Locked re-read: no writer changes the document until this batch commits.
        byte[] current = txn.getForUpdate(Space.DOCUMENTS, docKey);
        if (current == null) {
          continue;
        }
        ObjectNode next = DocumentCodec.decode(current);
        if (!db.crypto.reseal(c.name(), policy, last, next)) {
          continue;
        }
        ObjectNode old = DocumentCodec.decode(current);
        moveIndexEntries(txn, c, indexes, last, keyBytes, old, next);
        txn.put(Space.DOCUMENTS, docKey, DocumentCodec.encode(next));
        rewritten++;
      }
      visited[0] = keys.size();
      Checkpoint next =
          new Checkpoint(last, from.processed() + keys.size(), from.rewritten() + rewritten);
      next.save(txn, c);
      txn.commit();
      return next;
    }
  }

  /**
   * Re-encryption changes deterministic values, and with them the index entries. A unique index can
   * only collide here if two documents held the same value under different key versions, which is a
   * violation the index could not see until now.
   */
  private static void moveIndexEntries(
      StoreTransaction txn,
      CollectionInfo c,
      List<IndexDefinition> indexes,
      String key,
      byte[] keyBytes,
      ObjectNode old,
      ObjectNode next) {
    for (IndexDefinition d : indexes) {
      byte[] before = IndexEntries.entryKey(d, key, old);
      byte[] after = IndexEntries.entryKey(d, key, next);
      if (Arrays.equals(before, after)) {
        continue;
      }
      if (after != null && d.unique()) {
        Transaction.requireUnique(
            txn,
            c,
            d,
            after,
            keyBytes,
            owner ->
                "holds equal values for '"
                    + key
                    + "' and '"
                    + owner
                    + "' under different key versions");
      }
      if (before != null) {
        txn.delete(Space.INDEX_ENTRIES, before);
      }
      if (after != null) {
        txn.put(Space.INDEX_ENTRIES, after, keyBytes);
      }
    }
  }

  /** Clears the paths pending at the start (all documents now hold them encrypted). */
  private void settle(CollectionInfo c, EncryptionPolicy start) {
    OpenDatabase db = handle.lease();
    try {
      synchronized (db.schemaLock) {
        EncryptionPolicy now = db.policies.get(c.id());
        try (StoreTransaction txn =
            db.store.begin(false, false, db.settings.lockTimeout().toMillis(), 0)) {
          EncryptionPolicy settled = now == null ? null : now.settled(start);
          if (settled != null) {
            db.policies.save(txn, c.id(), settled);
          }
          txn.delete(Space.METADATA, Checkpoint.key(c));
          txn.commit();
          if (settled != null) {
            db.policies.apply(c.id(), settled);
          }
        }
      }
    } finally {
      handle.release(db);
    }
  }

  /** Deletes a collection's checkpoint, in the transaction that drops it. */
  static void forget(StoreTransaction txn, CollectionInfo c) {
    txn.delete(Space.METADATA, Checkpoint.key(c));
  }

  /** Where a pass resumes; in the metadata column family, committed with each batch. */
  private record Checkpoint(String lastKey, long processed, long rewritten) {

    static byte[] key(CollectionInfo c) {
      return (CHECKPOINT + c.id()).getBytes(StandardCharsets.UTF_8);
    }

    static Checkpoint load(OpenDatabase db, CollectionInfo c) {
      byte[] stored = db.store.get(Space.METADATA, key(c));
      if (stored == null) {
        return new Checkpoint(null, 0, 0);
      }
      JsonNode n = JSON.readTree(stored);
      return new Checkpoint(
          n.get("lastKey").isNull() ? null : n.get("lastKey").stringValue(),
          n.get("processed").longValue(),
          n.get("rewritten").longValue());
    }

    void save(StoreTransaction txn, CollectionInfo c) {
      ObjectNode n =
          JSON.createObjectNode()
              .put("lastKey", lastKey)
              .put("processed", processed)
              .put("rewritten", rewritten);
      txn.put(Space.METADATA, key(c), JSON.writeValueAsBytes(n));
    }

    ReencryptionProgress progress(String collection, long total, boolean finished) {
      return new ReencryptionProgress(
          collection, lastKey, processed, rewritten, Math.max(total, processed), finished);
    }
  }
}
