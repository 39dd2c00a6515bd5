package io.themisdb.engine;

import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.changelog.ChangeOperation;
import io.themisdb.engine.changelog.PendingChange;
import io.themisdb.engine.document.DocumentCodec;
import io.themisdb.engine.document.DocumentKeys;
import io.themisdb.engine.document.DocumentShape;
import io.themisdb.engine.document.MergePatch;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexEntries;
import io.themisdb.engine.index.IndexHit;
import io.themisdb.engine.index.IndexQuery;
import io.themisdb.engine.index.IndexState;
import io.themisdb.engine.keys.KeyBuffer;
import io.themisdb.engine.keys.KeyRanges;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StoreTransaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * A transaction over the collections of one database. Explicit transactions ({@link
 * TenantDatabase#begin}) read a snapshot taken at begin plus their own writes; a write to a
 * document that another transaction changed after the snapshot fails with {@link
 * ConflictException}, and so does waiting too long for a document another transaction holds. The
 * document, its index entries and its change-log record commit together or not at all.
 *
 * <p>After a {@link ConflictException}, {@link TransactionTimeoutException} or {@link
 * StorageException} the transaction is aborted; other errors (a missing document, a duplicate key,
 * a unique violation) leave it usable. One thread at a time; methods are synchronized so a misuse
 * fails cleanly rather than corrupting native state. Close it (try-with-resources): an unfinished
 * transaction is aborted.
 */
public final class Transaction implements AutoCloseable {

  private enum State {
    OPEN,
    COMMITTED,
    ABORTED
  }

  private final TenantDatabase handle;
  private final OpenDatabase db;
  private final StoreTransaction txn;
  private final long id;
  private final long deadlineNanos;
  private final List<PendingChange> changes = new ArrayList<>();
  private State state = State.OPEN;

  Transaction(
      TenantDatabase handle,
      OpenDatabase db,
      boolean snapshot,
      Durability durability,
      long timeoutMillis) {
    this.handle = handle;
    this.db = db;
    this.id = db.registerTransaction();
    this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
    this.txn =
        db.store.begin(
            snapshot,
            durability == Durability.SYNC,
            db.settings.lockTimeout().toMillis(),
            timeoutMillis);
  }

  /** Inserts a document; generates {@code _key} when it has none. */
  public synchronized DocumentMeta insert(String collection, ObjectNode document) {
    return guarded(() -> doInsert(collection, document));
  }

  /** The document, or empty when the collection has no document with this key. */
  public synchronized Optional<ObjectNode> get(String collection, String key) {
    return guarded(
        () -> {
          byte[] stored = txn.get(Space.DOCUMENTS, documentKey(collection(collection), key));
          return Optional.ofNullable(stored == null ? null : DocumentCodec.decode(stored));
        });
  }

  public synchronized boolean exists(String collection, String key) {
    return guarded(
        () -> txn.get(Space.DOCUMENTS, documentKey(collection(collection), key)) != null);
  }

  /** Replaces the whole document. */
  public synchronized DocumentMeta replace(String collection, String key, ObjectNode document) {
    return replace(collection, key, document, null);
  }

  /** Replaces the whole document if its revision is {@code expectedRevision} (null: any). */
  public synchronized DocumentMeta replace(
      String collection, String key, ObjectNode document, String expectedRevision) {
    return guarded(
        () -> doWrite(collection, key, document, expectedRevision, ChangeOperation.REPLACE));
  }

  /** Applies a JSON merge patch (RFC 7386) to the document. */
  public synchronized DocumentMeta update(String collection, String key, ObjectNode patch) {
    return update(collection, key, patch, null);
  }

  public synchronized DocumentMeta update(
      String collection, String key, ObjectNode patch, String expectedRevision) {
    return guarded(() -> doWrite(collection, key, patch, expectedRevision, ChangeOperation.UPDATE));
  }

  /** Removes the document; returns its key and the revision that was removed. */
  public synchronized DocumentMeta remove(String collection, String key) {
    return remove(collection, key, null);
  }

  public synchronized DocumentMeta remove(String collection, String key, String expectedRevision) {
    return guarded(() -> doRemove(collection, key, expectedRevision));
  }

  /**
   * Up to {@code limit} documents in key order, starting after {@code afterKey} (null: from the
   * first). Resume with the page's {@link ScanPage#resumeAfter()}.
   */
  public synchronized ScanPage scan(String collection, String afterKey, int limit) {
    return guarded(
        () -> {
          CollectionInfo c = collection(collection);
          byte[] prefix = collectionPrefix(c.id());
          // Keys never contain 0x00, so key + 0x00 is the first possible key after it.
          byte[] from =
              afterKey == null
                  ? prefix
                  : KeyRanges.concat(documentKey(c, afterKey), new byte[] {0});
          List<ObjectNode> docs = new ArrayList<>();
          boolean[] more = {false};
          txn.scan(
              Space.DOCUMENTS,
              from,
              KeyRanges.prefixEnd(prefix),
              false,
              (k, v) -> {
                if (docs.size() == limit) {
                  more[0] = true;
                  return false;
                }
                docs.add(DocumentCodec.decode(v));
                return true;
              });
          String resume = more[0] ? docs.getLast().get(DocumentShape.KEY).stringValue() : null;
          return new ScanPage(docs, resume);
        });
  }

  /**
   * Entries of a ready index matching {@code query}, ascending or descending by value (then by
   * document key), at most {@code limit}.
   */
  public synchronized List<IndexHit> lookup(
      String collection, String index, IndexQuery query, boolean descending, int limit) {
    return guarded(
        () -> {
          CollectionInfo c = collection(collection);
          IndexDefinition d = db.catalog.index(c, index);
          if (d.state() != IndexState.READY) {
            throw new UnknownIndexException("index '" + index + "' is still being built");
          }
          if (d.kind() == io.themisdb.engine.index.IndexKind.VECTOR) {
            throw new UnknownIndexException(
                "index '" + index + "' is a vector index; search it with vectors()");
          }
          byte[][] bounds = query.bounds(d.id());
          List<IndexHit> hits = new ArrayList<>();
          if (limit <= 0) {
            return hits;
          }
          txn.scan(
              Space.INDEX_ENTRIES,
              bounds[0],
              bounds[1],
              descending,
              (k, v) -> {
                hits.add(IndexEntries.decode(d, k, v));
                return hits.size() < limit;
              });
          return hits;
        });
  }

  /** Runs an AQL query inside this transaction; it neither commits nor aborts it. */
  public io.themisdb.engine.aql.QueryCursor query(
      String aql, java.util.Map<String, ?> bindVars, io.themisdb.engine.aql.QueryOptions options) {
    checkOpen();
    return io.themisdb.engine.aql.Aql.query(handle, this, aql, bindVars, options);
  }

  /** Commits; afterwards the changes are visible to others and in the change log. */
  public synchronized void commit() {
    checkOpen();
    try {
      db.changeLog.commit(txn, changes);
      state = State.COMMITTED;
    } catch (RuntimeException e) {
      abortQuietly();
      throw e;
    } finally {
      end();
    }
  }

  /** Discards every change of the transaction. Does nothing when it already ended. */
  public synchronized void abort() {
    if (state == State.OPEN) {
      abortQuietly();
      end();
    }
  }

  @Override
  public synchronized void close() {
    abort();
  }

  // --- write paths, run inside guarded() ---

  private DocumentMeta doInsert(String collection, ObjectNode document) {
    CollectionInfo c = collection(collection);
    DocumentShape.check(document, c.type());
    String key =
        document.has(DocumentShape.KEY)
            ? DocumentKeys.validate(document.get(DocumentShape.KEY).stringValue())
            : db.clock.nextKey();
    String revision = db.clock.nextRevision();
    ObjectNode stored = stamped(document, key, revision);
    byte[] bytes = encode(stored);
    byte[] docKey = documentKey(c, key);
    if (txn.getForUpdate(Space.DOCUMENTS, docKey) != null) {
      throw new DuplicateKeyException(
          "document '" + key + "' exists already in '" + c.name() + "'");
    }
    maintainIndexes(c, key, null, stored);
    txn.put(Space.DOCUMENTS, docKey, bytes);
    changes.add(new PendingChange(c.name(), key, ChangeOperation.INSERT, revision));
    return new DocumentMeta(key, revision);
  }

  private DocumentMeta doWrite(
      String collection,
      String key,
      ObjectNode input,
      String expectedRevision,
      ChangeOperation op) {
    CollectionInfo c = collection(collection);
    if (input == null || !input.isObject()) {
      throw new InvalidDocumentException("a document must be a JSON object");
    }
    if (input.has(DocumentShape.KEY) && !key.equals(input.get(DocumentShape.KEY).asString())) {
      throw new InvalidDocumentException("_key in the body differs from the key written to");
    }
    byte[] docKey = documentKey(c, key);
    byte[] current = txn.getForUpdate(Space.DOCUMENTS, docKey);
    if (current == null) {
      throw notFound(c, key);
    }
    checkRevision(c, key, current, expectedRevision);
    ObjectNode old = DocumentCodec.decode(current);
    ObjectNode next;
    if (op == ChangeOperation.UPDATE) {
      ObjectNode patch = input.deepCopy();
      patch.remove(List.of(DocumentShape.KEY, DocumentShape.REV, DocumentShape.ID));
      next = (ObjectNode) MergePatch.apply(old, patch);
    } else {
      next = input;
    }
    DocumentShape.check(next, c.type());
    String revision = db.clock.nextRevision();
    ObjectNode stored = stamped(next, key, revision);
    byte[] bytes = encode(stored);
    maintainIndexes(c, key, old, stored);
    txn.put(Space.DOCUMENTS, docKey, bytes);
    changes.add(new PendingChange(c.name(), key, op, revision));
    return new DocumentMeta(key, revision);
  }

  private DocumentMeta doRemove(String collection, String key, String expectedRevision) {
    CollectionInfo c = collection(collection);
    byte[] docKey = documentKey(c, key);
    byte[] current = txn.getForUpdate(Space.DOCUMENTS, docKey);
    if (current == null) {
      throw notFound(c, key);
    }
    checkRevision(c, key, current, expectedRevision);
    String revision = DocumentCodec.readString(current, DocumentShape.REV);
    if (!db.catalog.indexes(c.id()).isEmpty()) {
      maintainIndexes(c, key, DocumentCodec.decode(current), null);
    }
    txn.delete(Space.DOCUMENTS, docKey);
    changes.add(new PendingChange(c.name(), key, ChangeOperation.REMOVE, revision));
    return new DocumentMeta(key, revision);
  }

  /**
   * Moves the document's entries in every index of the collection (building ones too) from {@code
   * old} to {@code next}. All unique checks run before the first write, so a violation leaves the
   * transaction unchanged.
   */
  private void maintainIndexes(CollectionInfo c, String key, ObjectNode old, ObjectNode next) {
    List<IndexDefinition> indexes = db.catalog.indexes(c.id());
    if (indexes.isEmpty()) {
      return;
    }
    byte[] keyBytes = DocumentKeys.bytes(key);
    List<byte[]> deletes = new ArrayList<>();
    List<byte[]> puts = new ArrayList<>();
    for (IndexDefinition d : indexes) {
      byte[] before = old == null ? null : IndexEntries.entryKey(d, key, old);
      byte[] after = next == null ? null : IndexEntries.entryKey(d, key, next);
      if (Arrays.equals(before, after)) {
        continue;
      }
      if (after != null && d.unique()) {
        byte[] owner = txn.getForUpdate(Space.INDEX_ENTRIES, after);
        if (owner != null && !Arrays.equals(owner, keyBytes)) {
          throw new UniqueConstraintViolationException(
              "unique index '"
                  + d.name()
                  + "' of '"
                  + c.name()
                  + "' already holds these values for document '"
                  + new String(owner, java.nio.charset.StandardCharsets.US_ASCII)
                  + "'");
        }
      }
      if (before != null) {
        deletes.add(before);
      }
      if (after != null) {
        puts.add(after);
      }
    }
    for (byte[] k : deletes) {
      txn.delete(Space.INDEX_ENTRIES, k);
    }
    for (byte[] k : puts) {
      txn.put(Space.INDEX_ENTRIES, k, keyBytes);
    }
  }

  // --- helpers ---

  private static ObjectNode stamped(ObjectNode document, String key, String revision) {
    ObjectNode stored = document.deepCopy();
    stored.remove(DocumentShape.ID);
    stored.put(DocumentShape.KEY, key);
    stored.put(DocumentShape.REV, revision);
    return stored;
  }

  private byte[] encode(ObjectNode stored) {
    byte[] bytes;
    try {
      bytes = DocumentCodec.encode(stored);
    } catch (IllegalArgumentException e) {
      throw new InvalidDocumentException(e.getMessage());
    }
    if (bytes.length > db.settings.maxDocumentBytes()) {
      throw new DocumentTooLargeException(
          "document is "
              + bytes.length
              + " bytes stored; the limit is "
              + db.settings.maxDocumentBytes());
    }
    return bytes;
  }

  private static void checkRevision(CollectionInfo c, String key, byte[] current, String expected) {
    if (expected != null) {
      String actual = DocumentCodec.readString(current, DocumentShape.REV);
      if (!expected.equals(actual)) {
        throw new RevisionMismatchException(
            "document '"
                + c.name()
                + "/"
                + key
                + "' has revision "
                + actual
                + ", expected "
                + expected);
      }
    }
  }

  private static DocumentNotFoundException notFound(CollectionInfo c, String key) {
    return new DocumentNotFoundException("document '" + c.name() + "/" + key + "' not found");
  }

  private CollectionInfo collection(String name) {
    return db.catalog.collection(name);
  }

  static byte[] collectionPrefix(int collectionId) {
    return new KeyBuffer(4).putInt(collectionId).toByteArray();
  }

  static byte[] documentKey(CollectionInfo c, String key) {
    return new KeyBuffer(4 + key.length())
        .putInt(c.id())
        .put(DocumentKeys.bytes(DocumentKeys.validate(key)))
        .toByteArray();
  }

  private interface Work<T> {
    T run();
  }

  /**
   * Runs one operation: checks the transaction is open and in time, and aborts it when the failure
   * leaves it unusable (a conflict, a timeout, a storage error).
   */
  private <T> T guarded(Work<T> work) {
    checkOpen();
    if (System.nanoTime() > deadlineNanos) {
      abortQuietly();
      end();
      throw new TransactionTimeoutException("transaction ran past its timeout and was aborted");
    }
    try {
      return work.run();
    } catch (ConflictException | TransactionTimeoutException | StorageException e) {
      abortQuietly();
      end();
      throw e;
    }
  }

  private void checkOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("transaction already " + state.name().toLowerCase());
    }
    handle.checkNotClosed();
  }

  private void abortQuietly() {
    state = State.ABORTED;
    try {
      txn.rollback();
    } catch (RuntimeException e) {
      // The transaction is discarded either way; closing it releases its locks.
    }
  }

  private void end() {
    txn.close();
    db.unregisterTransaction(id);
    handle.release(db);
  }
}
