package io.themisdb.engine;

import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.changelog.ChangeLog;
import io.themisdb.engine.changelog.ChangeOperation;
import io.themisdb.engine.changelog.PendingChange;
import io.themisdb.engine.document.DocumentCodec;
import io.themisdb.engine.document.DocumentKeys;
import io.themisdb.engine.document.DocumentShape;
import io.themisdb.engine.document.MergePatch;
import io.themisdb.engine.geo.GeoIndex;
import io.themisdb.engine.geo.GeoIndexReader;
import io.themisdb.engine.graph.Adjacent;
import io.themisdb.engine.graph.Direction;
import io.themisdb.engine.graph.EdgeCursor;
import io.themisdb.engine.graph.EdgeIndex;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexEntries;
import io.themisdb.engine.index.IndexHit;
import io.themisdb.engine.index.IndexKind;
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
import tools.jackson.databind.JsonNode;
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
  private final boolean snapshot;
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
    this.snapshot = snapshot;
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

  /**
   * Inserts the documents in order, all or none: the first failure aborts the batch and is thrown,
   * as calling {@link #insert} for each would.
   */
  public synchronized List<DocumentMeta> insertAll(String collection, List<ObjectNode> documents) {
    return guarded(() -> doInsertAll(collection, documents, false));
  }

  /**
   * {@link #insertAll} as the transaction's one and only operation ({@link
   * TenantDatabase#insertAll}): nothing reads its writes back before the commit, so where no unique
   * index needs the batch's earlier entries to check later ones, documents and index entries skip
   * the write batch's index, which cost more than committing them (issue #3 profile).
   */
  synchronized List<DocumentMeta> insertAllAlone(String collection, List<ObjectNode> documents) {
    return guarded(() -> doInsertAll(collection, documents, true));
  }

  /** The document, or empty when the collection has no document with this key. */
  public synchronized Optional<ObjectNode> get(String collection, String key) {
    return guarded(
        () -> {
          CollectionInfo c = collection(collection);
          byte[] stored = txn.get(Space.DOCUMENTS, documentKey(c, key));
          return Optional.ofNullable(
              stored == null ? null : db.open(c, DocumentCodec.decode(stored)));
        });
  }

  /**
   * The documents with these keys, in the same order, null where there is none: one storage call
   * for all of them (an index scan's documents).
   */
  public List<ObjectNode> getAll(String collection, List<String> keys) {
    return getAll(collection, keys, null);
  }

  /**
   * {@link #getAll(String, List)} with just the top-level attributes {@code fields} of each
   * document (null: whole documents); only the encrypted attributes among them are decrypted.
   */
  public synchronized List<ObjectNode> getAll(
      String collection, List<String> keys, DocumentCodec.Fields fields) {
    return guarded(
        () -> {
          CollectionInfo c = collection(collection);
          List<byte[]> storageKeys = new ArrayList<>(keys.size());
          for (String k : keys) {
            storageKeys.add(documentKey(c, k));
          }
          List<ObjectNode> docs = new ArrayList<>(keys.size());
          List<byte[]> values = txn.multiGet(Space.DOCUMENTS, storageKeys);
          for (int i = 0; i < values.size(); i++) {
            byte[] stored = values.get(i);
            docs.add(
                stored == null
                    ? null
                    : db.open(
                        c,
                        keys.get(i),
                        fields == null
                            ? DocumentCodec.decode(stored)
                            : DocumentCodec.decodeFields(stored, fields)));
          }
          return docs;
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
                docs.add(db.open(c, DocumentCodec.decode(v)));
                return true;
              });
          String resume = more[0] ? docs.getLast().get(DocumentShape.KEY).stringValue() : null;
          return new ScanPage(docs, resume);
        });
  }

  /**
   * A page of the collection in key order for a query that needs only some documents, or only some
   * attributes of each: a document is returned only when {@code filter} accepts its attributes
   * {@code filterFields} (no filter: every one is), and then with just the attributes {@code
   * fields} (null: the whole document). Neither decodes more of a stored document than it names.
   * {@code limit} counts documents read, returned or not, so a page stays short however few match;
   * {@link ScanPage#resumeAfter()} is the last key read.
   */
  public synchronized ScanPage scan(
      String collection,
      String afterKey,
      int limit,
      DocumentCodec.Fields fields,
      DocumentCodec.Fields filterFields,
      java.util.function.Predicate<ObjectNode> filter) {
    return guarded(
        () -> {
          CollectionInfo c = collection(collection);
          byte[] prefix = collectionPrefix(c.id());
          byte[] from =
              afterKey == null
                  ? prefix
                  : KeyRanges.concat(documentKey(c, afterKey), new byte[] {0});
          List<ObjectNode> docs = new ArrayList<>();
          int[] read = {0};
          byte[][] last = {null};
          boolean[] more = {false};
          // Only the encrypted attributes a query reads are decrypted: a scan that filters and
          // returns plain attributes pays nothing for the collection's encryption.
          boolean encrypted = db.policies.get(c.id()) != null;
          txn.scanValues(
              Space.DOCUMENTS,
              from,
              KeyRanges.prefixEnd(prefix),
              v -> {
                if (read[0] == limit) {
                  more[0] = true;
                  return false;
                }
                read[0]++;
                last[0] = v;
                // decrypting needs the document's key (randomized values are bound to it)
                String key = encrypted ? DocumentCodec.readString(v, DocumentShape.KEY) : null;
                if (filter == null
                    || filter.test(opened(c, key, DocumentCodec.decodeFields(v, filterFields)))) {
                  docs.add(
                      opened(
                          c,
                          key,
                          fields == null
                              ? DocumentCodec.decode(v)
                              : DocumentCodec.decodeFields(v, fields)));
                }
                return true;
              });
          // Stored documents hold their _key (never encrypted): no need to read the keys.
          String resume = more[0] ? DocumentCodec.readString(last[0], DocumentShape.KEY) : null;
          return new ScanPage(docs, resume);
        });
  }

  /** A decoded stored document or part of one, decrypted when {@code key} is set. */
  private ObjectNode opened(CollectionInfo c, String key, ObjectNode decoded) {
    return key == null ? decoded : db.open(c, key, decoded);
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
          if (d.unique()
              && query instanceof IndexQuery.Equality(List<JsonNode> values)
              && values.size() == d.fields().size()) {
            // All values of a unique index name at most one entry, and its key is the range
            // start: a point read instead of an iterator, which costs several times more.
            byte[] owner = txn.get(Space.INDEX_ENTRIES, bounds[0]);
            if (owner != null) {
              hits.add(IndexEntries.decode(d, bounds[0], owner));
            }
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

  /**
   * The edges of edge collection {@code edgeCollection} at vertex {@code vertexId} (a document id
   * {@code collection/key}), from the edge index: outbound ones first, each in edge key order.
   */
  public synchronized List<Adjacent> edges(
      String edgeCollection, String vertexId, Direction direction) {
    return guarded(
        () -> {
          List<Adjacent> out = new ArrayList<>();
          EdgeIndex.edges(
              (from, to, v) -> txn.scan(Space.INDEX_ENTRIES, from, to, false, v),
              edgeCollection(edgeCollection),
              vertexId,
              direction,
              out);
          return out;
        });
  }

  /**
   * A cursor over the edges of {@code edgeCollection}, for reading many vertices' edges: from the
   * collection's in-memory adjacency when that shows exactly this transaction's view, else from the
   * edge index ({@link #adjacencyCanShowView}); the edges are the same either way.
   */
  public synchronized EdgeCursor edgeCursor(String edgeCollection) {
    return guarded(
        () -> {
          CollectionInfo c = edgeCollection(edgeCollection);
          EdgeCursor cached =
              !adjacencyCanShowView(c)
                  ? null
                  : db.adjacency.cursor(
                      c.id(),
                      c.name(),
                      ChangeLog.load(txn).lastSequence(),
                      () -> new SnapshotEdges(db, txn, c),
                      () -> {
                        synchronized (this) {
                          return !guarded(() -> wroteTo(c));
                        }
                      },
                      () -> {
                        synchronized (this) {
                          return guarded(() -> indexCursor(c));
                        }
                      });
          return cached != null ? cached : indexCursor(c);
        });
  }

  /**
   * Whether the collection's in-memory adjacency may show this transaction's view: only a snapshot
   * transaction that has not written to the collection sees committed edges only.
   */
  private boolean adjacencyCanShowView(CollectionInfo c) {
    return snapshot && !wroteTo(c);
  }

  private boolean wroteTo(CollectionInfo c) {
    return !changes.isEmpty() && changes.stream().anyMatch(p -> p.collection().equals(c.name()));
  }

  private EdgeCursor indexCursor(CollectionInfo c) {
    StoreTransaction.Cursor cursor = txn.cursor(Space.INDEX_ENTRIES);
    return new EdgeCursor() {
      @Override
      public List<Adjacent> edges(String vertexId, Direction direction) {
        synchronized (Transaction.this) {
          return guarded(
              () -> {
                List<Adjacent> out = new ArrayList<>();
                EdgeIndex.edges(
                    (from, to, v) -> cursor.scan(from, to, v), c, vertexId, direction, out);
                return out;
              });
        }
      }

      @Override
      public void close() {
        synchronized (Transaction.this) {
          cursor.close();
        }
      }
    };
  }

  /**
   * Visits every edge of {@code edgeCollection} from one of {@code vertexIds} to one of {@code
   * vertexIds}, as their positions in that array, ordered by {@code _from} then edge key; pass the
   * ids distinct and in the edge index's order (one collection's ids in key order are). Reads the
   * collection's in-memory adjacency when that shows exactly this transaction's view, as {@link
   * #edgeCursor} does, else every entry of the edge index; the edges and their order are the same
   * either way.
   */
  public synchronized void forEachEdgeAmong(
      String edgeCollection, String[] vertexIds, EdgeIndex.PositionVisitor visitor) {
    guarded(
        () -> {
          CollectionInfo c = edgeCollection(edgeCollection);
          boolean cached =
              adjacencyCanShowView(c)
                  && db.adjacency.forEachAmong(
                      c.id(),
                      c.name(),
                      ChangeLog.load(txn).lastSequence(),
                      () -> new SnapshotEdges(db, txn, c),
                      vertexIds,
                      visitor);
          if (!cached) {
            EdgeIndex.forEachAmong(txn, c, vertexIds, visitor);
          }
          return null;
        });
  }

  /**
   * A ready geo index of the collection, read in this transaction: pass it to {@link
   * io.themisdb.engine.geo.GeoSearch}. Valid until the transaction ends.
   */
  public synchronized GeoIndexReader geoIndex(String collection, String index) {
    IndexDefinition d =
        guarded(
            () -> {
              IndexDefinition found = db.catalog.index(collection(collection), index);
              if (found.state() != IndexState.READY) {
                throw new UnknownIndexException("index '" + index + "' is still being built");
              }
              if (found.kind() != IndexKind.GEO) {
                throw new UnknownIndexException("index '" + index + "' is not a geo index");
              }
              return found;
            });
    return new GeoIndexReader() {
      @Override
      public IndexDefinition index() {
        return d;
      }

      @Override
      public void scan(byte[] from, byte[] to, StoreTransaction.Visitor visitor) {
        scanIndexEntries(from, to, visitor);
      }

      @Override
      public JsonNode document(String key) {
        return get(d.collectionId(), key);
      }
    };
  }

  private synchronized void scanIndexEntries(
      byte[] from, byte[] to, StoreTransaction.Visitor visitor) {
    guarded(
        () -> {
          txn.scan(Space.INDEX_ENTRIES, from, to, false, visitor);
          return null;
        });
  }

  private synchronized JsonNode get(int collectionId, String key) {
    return guarded(
        () -> {
          CollectionInfo c = db.catalog.collectionById(collectionId);
          byte[] stored = txn.get(Space.DOCUMENTS, documentKey(c, key));
          return stored == null ? null : db.open(c, DocumentCodec.decode(stored));
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
    PreparedInsert p = prepareInsert(c, document);
    if (txn.getForUpdate(Space.DOCUMENTS, p.docKey()) != null) {
      throw duplicate(c, p.key());
    }
    return writeInsert(c, p);
  }

  /**
   * {@link #doInsert} for many documents, with the same outcome and the same first error, but one
   * storage call that looks up and locks every key (issue #3: a lookup per document was a large
   * share of a batch insert). One difference: a write-write conflict on any key of the batch is
   * raised before the errors of the documents ahead of it; the batch fails either way.
   */
  private List<DocumentMeta> doInsertAll(
      String collection, List<ObjectNode> documents, boolean alone) {
    CollectionInfo c = collection(collection);
    List<PreparedInsert> prepared = new ArrayList<>(documents.size());
    RuntimeException invalid = null;
    for (ObjectNode d : documents) {
      try {
        prepared.add(prepareInsert(c, d));
      } catch (RuntimeException e) {
        // Raised after the documents before this one are checked, as one by one would.
        invalid = e;
        break;
      }
    }
    List<byte[]> keys = new ArrayList<>(prepared.size());
    for (PreparedInsert p : prepared) {
      keys.add(p.docKey());
    }
    List<byte[]> existing =
        keys.isEmpty() ? List.of() : txn.multiGetForUpdate(Space.DOCUMENTS, keys);
    java.util.Set<String> batchKeys = new java.util.HashSet<>();
    List<DocumentMeta> metas = new ArrayList<>(documents.size());
    Runnable writes =
        () -> {
          for (int i = 0; i < prepared.size(); i++) {
            PreparedInsert p = prepared.get(i);
            // The lookup ran before this batch wrote anything, so its own keys are checked here.
            if (existing.get(i) != null || !batchKeys.add(p.key())) {
              throw duplicate(c, p.key());
            }
            metas.add(writeInsert(c, p));
          }
        };
    if (alone && db.catalog.indexes(c.id()).stream().noneMatch(IndexDefinition::unique)) {
      txn.unindexed(writes);
    } else {
      writes.run();
    }
    if (invalid != null) {
      throw invalid;
    }
    return metas;
  }

  /** A document checked, stamped and encoded for insertion. */
  private record PreparedInsert(
      String key, String revision, ObjectNode stored, byte[] bytes, byte[] docKey) {}

  private PreparedInsert prepareInsert(CollectionInfo c, ObjectNode document) {
    DocumentShape.check(document, c.type());
    String key =
        document.has(DocumentShape.KEY)
            ? DocumentKeys.validate(document.get(DocumentShape.KEY).stringValue())
            : db.clock.nextKey();
    String revision = db.clock.nextRevision();
    ObjectNode stored = db.seal(c, key, stamped(document, key, revision));
    byte[] bytes = encode(stored);
    return new PreparedInsert(key, revision, stored, bytes, validKey(c, key));
  }

  /** Writes a prepared document whose key the caller has locked and found free. */
  private DocumentMeta writeInsert(CollectionInfo c, PreparedInsert p) {
    maintainIndexes(c, p.key(), null, p.stored());
    // The key is locked and validated already; tracking it again would only cost.
    txn.putUntracked(Space.DOCUMENTS, p.docKey(), p.bytes());
    changes.add(new PendingChange(c.name(), p.key(), ChangeOperation.INSERT, p.revision()));
    return new DocumentMeta(p.key(), p.revision());
  }

  private static DuplicateKeyException duplicate(CollectionInfo c, String key) {
    return new DuplicateKeyException("document '" + key + "' exists already in '" + c.name() + "'");
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
    ObjectNode oldStored = DocumentCodec.decode(current);
    // with a policy, the merge needs plaintext and the index entries the stored form
    ObjectNode old =
        db.policies.get(c.id()) == null ? oldStored : db.open(c, DocumentCodec.decode(current));
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
    ObjectNode stored = db.seal(c, key, stamped(next, key, revision));
    byte[] bytes = encode(stored);
    maintainIndexes(c, key, oldStored, stored);
    // the document key is locked by the getForUpdate above
    txn.putUntracked(Space.DOCUMENTS, docKey, bytes);
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
    if (!db.catalog.indexes(c.id()).isEmpty() || c.type() == CollectionType.EDGE) {
      maintainIndexes(c, key, DocumentCodec.decode(current), null);
    }
    txn.deleteUntracked(Space.DOCUMENTS, docKey);
    changes.add(new PendingChange(c.name(), key, ChangeOperation.REMOVE, revision));
    return new DocumentMeta(key, revision);
  }

  /**
   * Moves the document's entries in every index of the collection (building ones too) from {@code
   * old} to {@code next}. All unique checks run before the first write, so a violation leaves the
   * transaction unchanged. Entries of non-unique indexes end in the document key, so only writers
   * of that document touch them, and the caller holds its lock: they are written untracked. Unique
   * entries are shared by value and stay locked.
   */
  private void maintainIndexes(CollectionInfo c, String key, ObjectNode old, ObjectNode next) {
    EdgeIndex.maintain(txn, c, key, old, next);
    List<IndexDefinition> indexes = db.catalog.indexes(c.id());
    if (indexes.isEmpty()) {
      return;
    }
    byte[] keyBytes = DocumentKeys.bytes(key);
    List<IndexDefinition> deleted = new ArrayList<>();
    List<byte[]> deletes = new ArrayList<>();
    List<IndexDefinition> put = new ArrayList<>();
    List<byte[]> puts = new ArrayList<>();
    List<IndexDefinition> geo = new ArrayList<>();
    for (IndexDefinition d : indexes) {
      if (d.kind() == IndexKind.GEO) {
        geo.add(d); // many entries per document, written after every unique check passed
        continue;
      }
      byte[] before = old == null ? null : IndexEntries.entryKey(d, key, old);
      byte[] after = next == null ? null : IndexEntries.entryKey(d, key, next);
      if (Arrays.equals(before, after)) {
        continue;
      }
      if (after != null && d.unique()) {
        requireUnique(
            txn,
            c,
            d,
            after,
            keyBytes,
            owner -> "already holds these values for document '" + owner + "'");
      }
      if (before != null) {
        deleted.add(d);
        deletes.add(before);
      }
      if (after != null) {
        put.add(d);
        puts.add(after);
      }
    }
    for (int i = 0; i < deletes.size(); i++) {
      if (deleted.get(i).unique()) {
        txn.delete(Space.INDEX_ENTRIES, deletes.get(i));
      } else {
        txn.deleteUntracked(Space.INDEX_ENTRIES, deletes.get(i));
      }
    }
    for (int i = 0; i < puts.size(); i++) {
      if (put.get(i).unique()) {
        txn.put(Space.INDEX_ENTRIES, puts.get(i), keyBytes);
      } else {
        txn.putUntracked(Space.INDEX_ENTRIES, puts.get(i), keyBytes);
      }
    }
    for (IndexDefinition d : geo) {
      GeoIndex.move(txn, d, key, old, next);
    }
  }

  // --- helpers ---

  /**
   * {@link #requireUnique(StoreTransaction, byte[], byte[], java.util.function.UnaryOperator)} for
   * index {@code d} of {@code c}, whose message names both, then says the {@code problem}.
   */
  static void requireUnique(
      StoreTransaction txn,
      CollectionInfo c,
      IndexDefinition d,
      byte[] entry,
      byte[] keyBytes,
      java.util.function.UnaryOperator<String> problem) {
    requireUnique(
        txn,
        entry,
        keyBytes,
        owner -> "unique index '" + d.name() + "' of '" + c.name() + "' " + problem.apply(owner));
  }

  /**
   * Fails with {@link UniqueConstraintViolationException} when another document holds unique index
   * entry {@code entry}, with the message {@code message} makes of the other document's key; locks
   * the entry either way, so that the answer holds until commit.
   */
  static void requireUnique(
      StoreTransaction txn,
      byte[] entry,
      byte[] keyBytes,
      java.util.function.UnaryOperator<String> message) {
    byte[] owner = txn.getForUpdate(Space.INDEX_ENTRIES, entry);
    if (owner != null && !Arrays.equals(owner, keyBytes)) {
      throw new UniqueConstraintViolationException(
          message.apply(new String(owner, java.nio.charset.StandardCharsets.US_ASCII)));
    }
  }

  /**
   * The document as stored: the caller's attributes with {@code _key} and {@code _rev} set and no
   * {@code _id}. A shallow copy that shares the caller's values: nothing below the top level
   * changes, and sealing copies the objects on the path to a nested encrypted attribute before it
   * writes into them ({@link io.themisdb.engine.crypto.DocumentCrypto#seal}). A deep copy was a
   * tenth of a batch insert (issue #3 profile).
   */
  private static ObjectNode stamped(ObjectNode document, String key, String revision) {
    ObjectNode stored = document.objectNode();
    stored.setAll(document);
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

  private CollectionInfo edgeCollection(String name) {
    CollectionInfo c = collection(name);
    if (c.type() != CollectionType.EDGE) {
      throw new UnknownCollectionException("collection '" + name + "' is not an edge collection");
    }
    return c;
  }

  static byte[] collectionPrefix(int collectionId) {
    return new KeyBuffer(4).putInt(collectionId).toByteArray();
  }

  static byte[] documentKey(CollectionInfo c, String key) {
    return validKey(c, DocumentKeys.validate(key));
  }

  /** {@link #documentKey} of a key known to be valid (generated, or validated already). */
  private static byte[] validKey(CollectionInfo c, String key) {
    // Written by hand: every read and write builds one, and valid keys are ASCII.
    byte[] out = new byte[4 + key.length()];
    int id = c.id();
    out[0] = (byte) (id >>> 24);
    out[1] = (byte) (id >>> 16);
    out[2] = (byte) (id >>> 8);
    out[3] = (byte) id;
    for (int i = 0; i < key.length(); i++) {
      out[4 + i] = (byte) key.charAt(i);
    }
    return out;
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
