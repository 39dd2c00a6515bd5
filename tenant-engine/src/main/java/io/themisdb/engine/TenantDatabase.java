package io.themisdb.engine;

import io.themisdb.engine.catalog.Catalog;
import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.changelog.ChangeRecord;
import io.themisdb.engine.crypto.EncryptionPolicy;
import io.themisdb.engine.crypto.FieldProtection;
import io.themisdb.engine.crypto.Pace;
import io.themisdb.engine.crypto.ReencryptionProgress;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexEntries;
import io.themisdb.engine.index.IndexHit;
import io.themisdb.engine.index.IndexKind;
import io.themisdb.engine.index.IndexQuery;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.storage.StoreTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One tenant's database: collections of JSON documents, sorted secondary indexes, transactions and
 * the change log. Obtained from {@link EngineHost}; thread-safe. Each single operation runs as its
 * own transaction; {@link #begin} starts an explicit one across collections.
 *
 * <p>The handle stays valid while the host closes and reopens the underlying RocksDB database to
 * stay within its limits. After {@link #close()} (or {@link EngineHost#destroy}) every call fails
 * with {@link DatabaseClosedException}.
 */
public final class TenantDatabase implements AutoCloseable {

  private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,255}");
  private static final int BATCH = 512;

  private final EngineHost host;
  private final String name;
  private volatile boolean closed;
  private final Vectors vectors;

  /** The open database last leased through this handle: the host's lock-free path to it. */
  volatile OpenDatabase current;

  TenantDatabase(EngineHost host, String name) {
    this.host = host;
    this.name = name;
    this.vectors = new Vectors(this, host.extensions().accelerator());
  }

  public String name() {
    return name;
  }

  // --- collections ---

  public CollectionInfo createCollection(String collection, CollectionType type) {
    if (!COLLECTION_NAME.matcher(collection).matches()) {
      throw new IllegalArgumentException("invalid collection name '" + collection + "'");
    }
    return schemaChange(
        (db, txn) -> {
          CollectionInfo c = db.catalog.createCollection(txn, collection, type);
          if (type == CollectionType.EDGE) {
            io.themisdb.engine.graph.EdgeIndex.markBuilt(txn, c.id());
          }
          return new Committed<>(c, new Catalog.Change.CollectionCreated(c));
        });
  }

  /** Drops the collection with its documents and indexes. */
  public void dropCollection(String collection) {
    CollectionInfo dropped =
        schemaChange(
            (db, txn) -> {
              CollectionInfo c = db.catalog.collection(collection);
              List<IndexDefinition> indexes = db.catalog.indexes(c.id());
              db.catalog.dropCollection(txn, c);
              io.themisdb.engine.graph.EdgeIndex.forget(txn, c.id());
              db.policies.delete(txn, c.id());
              EncryptionPass.forget(txn, c);
              return new Committed<>(c, new Catalog.Change.CollectionDropped(c), indexes);
            });
    withDatabase(
        db -> {
          db.adjacency.forget(dropped.id());
          Housekeeping.deleteRange(
              db,
              io.themisdb.engine.storage.Space.DOCUMENTS,
              Transaction.collectionPrefix(dropped.id()));
          if (dropped.type() == CollectionType.EDGE) {
            Housekeeping.deleteRange(
                db,
                io.themisdb.engine.storage.Space.INDEX_ENTRIES,
                io.themisdb.engine.graph.EdgeIndex.collectionPrefix(dropped.id()));
          }
          return null;
        });
  }

  public List<CollectionInfo> collections() {
    return withDatabase(db -> db.catalog.collections());
  }

  public CollectionInfo collection(String collection) {
    return withDatabase(db -> db.catalog.collection(collection));
  }

  // --- single-operation documents ---

  public DocumentMeta insert(String collection, ObjectNode document) {
    return insert(collection, document, WriteOptions.DEFAULT);
  }

  public DocumentMeta insert(String collection, ObjectNode document, WriteOptions options) {
    return single(options.durability(), t -> t.insert(collection, document));
  }

  public Optional<ObjectNode> get(String collection, String key) {
    return withDatabase(db -> LatestReads.get(db, collection, key));
  }

  public boolean exists(String collection, String key) {
    return withDatabase(db -> LatestReads.exists(db, collection, key));
  }

  public DocumentMeta replace(String collection, String key, ObjectNode document) {
    return replace(collection, key, document, WriteOptions.DEFAULT);
  }

  public DocumentMeta replace(
      String collection, String key, ObjectNode document, WriteOptions options) {
    return single(
        options.durability(),
        t -> t.replace(collection, key, document, options.expectedRevision()));
  }

  /** Applies a JSON merge patch (RFC 7386). */
  public DocumentMeta update(String collection, String key, ObjectNode patch) {
    return update(collection, key, patch, WriteOptions.DEFAULT);
  }

  public DocumentMeta update(
      String collection, String key, ObjectNode patch, WriteOptions options) {
    return single(
        options.durability(), t -> t.update(collection, key, patch, options.expectedRevision()));
  }

  public DocumentMeta remove(String collection, String key) {
    return remove(collection, key, WriteOptions.DEFAULT);
  }

  public DocumentMeta remove(String collection, String key, WriteOptions options) {
    return single(options.durability(), t -> t.remove(collection, key, options.expectedRevision()));
  }

  /** Inserts every document or none: the first failure aborts the batch and is thrown. */
  public List<DocumentMeta> insertAll(
      String collection, List<ObjectNode> documents, WriteOptions options) {
    return single(options.durability(), t -> t.insertAllAlone(collection, documents));
  }

  /**
   * Inserts each document that can be inserted and reports the others' errors, in input order. A
   * conflict or timeout still fails the whole call, since it aborts the transaction.
   */
  public List<BatchResult> insertEach(
      String collection, List<ObjectNode> documents, WriteOptions options) {
    return single(
        options.durability(),
        t -> {
          List<BatchResult> results = new ArrayList<>(documents.size());
          for (ObjectNode d : documents) {
            try {
              results.add(new BatchResult.Inserted(t.insert(collection, d)));
            } catch (ConflictException | TransactionTimeoutException | StorageException e) {
              throw e;
            } catch (EngineException e) {
              results.add(new BatchResult.Failed(e));
            }
          }
          return results;
        });
  }

  /** The edges of {@code edgeCollection} at a vertex; see {@link Transaction#edges}. */
  public List<io.themisdb.engine.graph.Adjacent> edges(
      String edgeCollection, String vertexId, io.themisdb.engine.graph.Direction direction) {
    return single(Durability.DEFAULT, t -> t.edges(edgeCollection, vertexId, direction));
  }

  /** A page of the collection in key order; resume with {@link ScanPage#resumeAfter()}. */
  public ScanPage scan(String collection, String afterKey, int limit) {
    return single(Durability.DEFAULT, t -> t.scan(collection, afterKey, limit));
  }

  public List<IndexHit> lookup(
      String collection, String index, IndexQuery query, boolean descending, int limit) {
    return single(Durability.DEFAULT, t -> t.lookup(collection, index, query, descending, limit));
  }

  // --- geo ---

  /**
   * Documents whose point (or shape centroid) in the geo index {@code index} lies within {@code
   * metres} of {@code (lon, lat)} on the sphere, nearest first (ties by key), at most {@code
   * limit}.
   */
  public List<io.themisdb.engine.geo.GeoHit> geoWithinRadius(
      String collection, String index, double lon, double lat, double metres, int limit) {
    return single(
        Durability.DEFAULT,
        t ->
            io.themisdb.engine.geo.GeoSearch.withinRadius(
                t.geoIndex(collection, index), lon, lat, metres, limit));
  }

  /**
   * The {@code k} documents whose point (or shape centroid) in the geo index is nearest to {@code
   * (lon, lat)}, nearest first (ties by key).
   */
  public List<io.themisdb.engine.geo.GeoHit> geoNearest(
      String collection, String index, double lon, double lat, int k) {
    return single(
        Durability.DEFAULT,
        t -> {
          java.util.Iterator<io.themisdb.engine.geo.GeoHit> it =
              io.themisdb.engine.geo.GeoSearch.nearest(t.geoIndex(collection, index), lon, lat);
          List<io.themisdb.engine.geo.GeoHit> out = new ArrayList<>();
          while (out.size() < k && it.hasNext()) {
            out.add(it.next());
          }
          return out;
        });
  }

  /** The outside services (batch accelerator, ...) of the host this database belongs to. */
  public io.themisdb.engine.spi.EngineExtensions extensions() {
    return host.extensions();
  }

  // --- queries ---

  /** Runs an AQL query in a transaction of its own; see {@link io.themisdb.engine.aql.Aql}. */
  public io.themisdb.engine.aql.QueryCursor query(
      String aql, java.util.Map<String, ?> bindVars, io.themisdb.engine.aql.QueryOptions options) {
    return io.themisdb.engine.aql.Aql.query(this, null, aql, bindVars, options);
  }

  /** The plan an AQL query would run, with the indexes it would use, as text. */
  public String explain(String aql, java.util.Map<String, ?> bindVars) {
    return io.themisdb.engine.aql.Aql.explain(this, aql, bindVars);
  }

  // --- vector search ---

  /** Nearest-neighbour search over the database's vector indexes ({@link IndexSpec#vector}). */
  public Vectors vectors() {
    return vectors;
  }

  // --- transactions ---

  public Transaction begin() {
    return begin(TransactionOptions.DEFAULT);
  }

  /** Begins an explicit transaction with a snapshot taken now. */
  public Transaction begin(TransactionOptions options) {
    OpenDatabase db = lease();
    try {
      long timeout =
          (options.timeout() != null ? options.timeout() : db.settings.transactionTimeout())
              .toMillis();
      return new Transaction(this, db, true, options.durability(), timeout);
    } catch (RuntimeException e) {
      release(db);
      throw e;
    }
  }

  // --- indexes ---

  /**
   * Creates an index (sorted, or TTL: see {@link IndexSpec#ttl}) and fills it from the documents
   * already stored. Writers keep working during the build (they maintain the index from the moment
   * it exists); queries may use it once this method returned. {@code progress} receives the number
   * of documents indexed so far.
   */
  public IndexDefinition createIndex(String collection, IndexSpec spec, LongConsumer progress) {
    IndexDefinition building =
        schemaChange(
            (db, txn) -> {
              CollectionInfo c = db.catalog.collection(collection);
              EncryptionPolicy policy = db.policies.get(c.id());
              if (policy != null) {
                checkIndexable(policy, spec.fields(), spec.kind(), spec.name());
              }
              IndexDefinition d = db.catalog.createIndex(txn, c, spec);
              return new Committed<>(d, new Catalog.Change.IndexSaved(d));
            });
    if (building.kind() == io.themisdb.engine.index.IndexKind.TTL) {
      host.ttlIndexCreated(name);
    }
    try {
      withDatabase(
          db -> {
            if (building.kind() != io.themisdb.engine.index.IndexKind.VECTOR) {
              new IndexBuild(db, building, progress == null ? n -> {} : progress).run();
            }
            return null;
          });
      IndexDefinition ready = building.withState(io.themisdb.engine.index.IndexState.READY);
      schemaChange(
          (db, txn) -> {
            db.catalog.saveIndex(txn, ready);
            return new Committed<>(ready, new Catalog.Change.IndexSaved(ready));
          });
      if (ready.kind() == io.themisdb.engine.index.IndexKind.VECTOR) {
        // Builds the in-memory graph now rather than on the first search.
        int indexed = vectors.size(collection, ready.name());
        if (progress != null) {
          progress.accept(indexed);
        }
      }
      return ready;
    } catch (RuntimeException e) {
      dropIndex(building);
      throw e;
    }
  }

  public void dropIndex(String collection, String index) {
    dropIndex(withDatabase(db -> db.catalog.index(db.catalog.collection(collection), index)));
  }

  private void dropIndex(IndexDefinition d) {
    vectors.forget(d.id());
    schemaChange(
        (db, txn) -> {
          db.catalog.deleteIndex(txn, d);
          return new Committed<>(d, new Catalog.Change.IndexDropped(d));
        });
    withDatabase(
        db -> {
          Housekeeping.deleteRange(
              db, io.themisdb.engine.storage.Space.INDEX_ENTRIES, IndexEntries.prefix(d.id()));
          return null;
        });
  }

  public List<IndexDefinition> indexes(String collection) {
    return withDatabase(db -> db.catalog.indexes(db.catalog.collection(collection).id()));
  }

  // --- change log ---

  /** Up to {@code limit} committed changes with sequence &gt;= {@code fromSequence}. */
  public List<ChangeRecord> changesFrom(long fromSequence, int limit) {
    return withDatabase(
        db -> {
          try (StoreTransaction txn =
              db.store.begin(false, false, db.settings.lockTimeout().toMillis(), 0)) {
            return db.changeLog.read(txn, fromSequence, limit);
          }
        });
  }

  /** Sequence of the newest change; 0 when nothing was committed yet. */
  public long lastSequence() {
    return withDatabase(db -> db.changeLog.lastSequence());
  }

  /** Deletes change records with a sequence below {@code beforeSequence}. */
  public void trimChangesBefore(long beforeSequence) {
    withDatabase(
        db -> {
          int changed;
          do {
            try (StoreTransaction txn =
                db.store.begin(false, false, db.settings.lockTimeout().toMillis(), 0)) {
              changed = db.changeLog.trim(txn, beforeSequence, 10_000);
            }
          } while (changed == 10_000);
          return null;
        });
  }

  // --- expiry ---

  /**
   * Removes now every document whose TTL index time is at or before {@code now}, through ordinary
   * transactions (index entries go, the change log records REMOVE); returns how many. The host's
   * sweeper does this in the background; until then expired documents stay visible.
   */
  public int removeExpired(java.time.Instant now) {
    return ExpirySweep.run(this, now.toEpochMilli());
  }

  // --- field encryption ---

  /**
   * Sets which attributes of the collection are stored encrypted, through the host's {@link
   * io.themisdb.engine.spi.FieldCipher}. New writes encrypt at once; attributes added here stay
   * {@linkplain EncryptionPolicy#pending() pending} until {@link #reencrypt} made a pass over the
   * documents already stored. A policy can only grow: an attribute keeps its protection once
   * encrypted.
   *
   * @return the policy now in force, with its pending attributes
   * @throws IllegalArgumentException if the policy drops or changes an attribute, or an index (TTL,
   *     or on a randomized attribute) cannot work on ciphertext
   * @throws IllegalStateException if the host has no field cipher
   */
  public EncryptionPolicy setEncryptionPolicy(String collection, EncryptionPolicy policy) {
    return withDatabase(
        db -> {
          if (!db.crypto.available()) {
            throw new IllegalStateException(
                "this engine has no field cipher configured; encryption policies need one");
          }
          synchronized (db.schemaLock) {
            CollectionInfo c = db.catalog.collection(collection);
            EncryptionPolicy current = db.policies.get(c.id());
            java.util.Set<String> pending = new java.util.TreeSet<>();
            if (current != null) {
              current
                  .fields()
                  .forEach(
                      (path, protection) -> {
                        if (policy.protection(path).orElse(null) != protection) {
                          throw new IllegalArgumentException(
                              "attribute '"
                                  + path
                                  + "' is encrypted "
                                  + protection.name().toLowerCase(java.util.Locale.ROOT)
                                  + "; a policy cannot drop or change an encrypted attribute");
                        }
                      });
              pending.addAll(current.pending());
            }
            policy.fields().keySet().stream()
                .filter(p -> current == null || !current.fields().containsKey(p))
                .forEach(pending::add);
            EncryptionPolicy next = new EncryptionPolicy(policy.fields(), pending);
            for (IndexDefinition d : db.catalog.indexes(c.id())) {
              checkIndexable(next, d.fields(), d.kind(), d.name());
            }
            try (StoreTransaction txn =
                db.store.begin(false, false, db.settings.lockTimeout().toMillis(), 0)) {
              db.policies.save(txn, c.id(), next);
              txn.commit();
            }
            db.policies.apply(c.id(), next);
            // With no transaction running, no write sealed without the policy is still to
            // commit: an empty collection then has nothing in the clear and needs no pass.
            if (!next.pending().isEmpty() && db.noTransactionRunning() && isEmpty(db, c)) {
              EncryptionPolicy settled = next.settled(next);
              try (StoreTransaction txn =
                  db.store.begin(false, false, db.settings.lockTimeout().toMillis(), 0)) {
                db.policies.save(txn, c.id(), settled);
                txn.commit();
              }
              db.policies.apply(c.id(), settled);
              return settled;
            }
            return next;
          }
        });
  }

  /** The collection's encryption policy; empty when it stores every attribute in the clear. */
  public Optional<EncryptionPolicy> encryptionPolicy(String collection) {
    return withDatabase(db -> db.policies.find(db.catalog.collection(collection).id()));
  }

  /**
   * Makes one pass over the collection on the caller's thread: encrypts attributes still pending
   * and re-encrypts values not under the cipher's current key version (after a rotation). Resumes
   * from its checkpoint after a crash or an interrupt; at most one pass per collection runs at a
   * time.
   *
   * @param pace limits documents per second
   * @param progress receives the progress after every batch
   * @throws InterruptedException if interrupted; the next call resumes
   */
  public ReencryptionProgress reencrypt(
      String collection, Pace pace, Consumer<ReencryptionProgress> progress)
      throws InterruptedException {
    return new EncryptionPass(this, collection, pace, progress == null ? p -> {} : progress).run();
  }

  /**
   * The stored values an equality lookup of {@code value} on {@code path} must find: {@code value}
   * itself unless the path is encrypted deterministically, else its ciphertext under each key
   * version that still decrypts (and the plaintext while the path is pending).
   */
  public List<JsonNode> equalityProbes(String collection, String path, JsonNode value) {
    return withDatabase(
        db -> {
          CollectionInfo c = db.catalog.collection(collection);
          EncryptionPolicy policy = db.policies.get(c.id());
          return policy == null
                  || policy.protection(path).orElse(null) != FieldProtection.DETERMINISTIC
              ? List.of(value)
              : db.crypto.probes(c.name(), policy, path, value);
        });
  }

  /**
   * Checks that an index could be built under the collection's encryption policy, so that callers
   * can refuse it before starting a build.
   *
   * @throws IllegalArgumentException if it names an encrypted attribute it cannot work on
   */
  public void checkIndexable(String collection, IndexSpec spec) {
    withDatabase(
        db -> {
          EncryptionPolicy policy = db.policies.get(db.catalog.collection(collection).id());
          if (policy != null) {
            checkIndexable(policy, spec.fields(), spec.kind(), spec.name());
          }
          return null;
        });
  }

  private static boolean isEmpty(OpenDatabase db, CollectionInfo c) {
    byte[] prefix = Transaction.collectionPrefix(c.id());
    boolean[] any = {false};
    try (StoreTransaction txn =
        db.store.begin(false, false, db.settings.lockTimeout().toMillis(), 0)) {
      txn.scan(
          io.themisdb.engine.storage.Space.DOCUMENTS,
          prefix,
          io.themisdb.engine.keys.KeyRanges.prefixEnd(prefix),
          false,
          (k, v) -> {
            any[0] = true;
            return false;
          });
    }
    return !any[0];
  }

  /** Indexes hold stored values: ciphertext, which only deterministic equality can use. */
  private static void checkIndexable(
      EncryptionPolicy policy, List<String> fields, IndexKind kind, String index) {
    for (String field : fields) {
      Optional<String> encrypted = policy.touched(field);
      if (encrypted.isEmpty()) {
        continue;
      }
      boolean exact =
          encrypted.get().equals(field)
              && policy.protection(field).orElseThrow() == FieldProtection.DETERMINISTIC;
      if (!exact || kind != IndexKind.SORTED) {
        throw new IllegalArgumentException(
            "index '"
                + index
                + "' on '"
                + field
                + "' cannot work on encrypted attribute '"
                + encrypted.get()
                + "': only sorted indexes on deterministically encrypted attributes can");
      }
    }
  }

  // --- statistics ---

  /**
   * About how many documents the collection holds, without reading them all (exact for small
   * collections); for planning and EXPLAIN, not for answers.
   */
  public long approximateCount(String collection) {
    return withDatabase(db -> Housekeeping.approximateCount(db, db.catalog.collection(collection)));
  }

  /**
   * Compacts the database's storage now, waiting until done (seconds per GB): worth it after a bulk
   * load or mass removal, which leave read-slowing files and background work behind. Reads and
   * writes go on meanwhile.
   */
  public void compact() {
    withDatabase(
        db -> {
          db.store.compact();
          return null;
        });
  }

  public CollectionStats stats(String collection) {
    return withDatabase(db -> Housekeeping.stats(db, db.catalog.collection(collection)));
  }

  /** Closes this handle; later calls fail. The host closes the storage once it is unused. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      host.forget(this);
    }
  }

  // --- plumbing ---

  EngineHost host() {
    return host;
  }

  void checkNotClosed() {
    if (closed) {
      throw new DatabaseClosedException("database '" + name + "' is closed");
    }
  }

  boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  OpenDatabase lease() {
    checkNotClosed();
    return host.acquire(this);
  }

  void release(OpenDatabase db) {
    host.release(db);
  }

  private <T> T withDatabase(Function<OpenDatabase, T> work) {
    OpenDatabase db = lease();
    try {
      return work.apply(db);
    } finally {
      release(db);
    }
  }

  private <T> T single(Durability durability, Function<Transaction, T> work) {
    OpenDatabase db = lease();
    Transaction t;
    try {
      t = new Transaction(this, db, false, durability, db.settings.transactionTimeout().toMillis());
    } catch (RuntimeException e) {
      release(db);
      throw e;
    }
    try (t) {
      T result = work.apply(t);
      t.commit();
      return result;
    }
  }

  /** The result of a schema change and the catalog change to publish once it committed. */
  private record Committed<T>(T result, Catalog.Change change, List<IndexDefinition> extra) {
    Committed(T result, Catalog.Change change) {
      this(result, change, List.of());
    }
  }

  private interface SchemaWork<T> {
    Committed<T> run(OpenDatabase db, StoreTransaction txn);
  }

  private <T> T schemaChange(SchemaWork<T> work) {
    return withDatabase(
        db -> {
          synchronized (db.schemaLock) {
            try (StoreTransaction txn =
                db.store.begin(false, false, db.settings.lockTimeout().toMillis(), 0)) {
              Committed<T> done = work.run(db, txn);
              txn.commit();
              db.catalog.apply(done.change());
              for (IndexDefinition d : done.extra()) {
                Housekeeping.deleteRange(
                    db,
                    io.themisdb.engine.storage.Space.INDEX_ENTRIES,
                    IndexEntries.prefix(d.id()));
              }
              return done.result();
            }
          }
        });
  }
}
