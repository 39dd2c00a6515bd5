package io.themisdb.engine;

import io.themisdb.engine.catalog.Catalog;
import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.changelog.ChangeLog;
import io.themisdb.engine.changelog.ChangeRecord;
import io.themisdb.engine.document.DocumentCodec;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexKind;
import io.themisdb.engine.index.IndexState;
import io.themisdb.engine.keys.KeyRanges;
import io.themisdb.engine.spi.BatchAccelerator;
import io.themisdb.engine.spi.Neighbour;
import io.themisdb.engine.spi.VectorSet;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.Store;
import io.themisdb.engine.storage.StoreTransaction;
import io.themisdb.engine.vector.ChangeSource;
import io.themisdb.engine.vector.VectorHit;
import io.themisdb.engine.vector.VectorIndex;
import io.themisdb.engine.vector.VectorIndexStats;
import io.themisdb.engine.vector.VectorNeighbour;
import io.themisdb.engine.vector.VectorSnapshots;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The vector indexes of one database: the front door for nearest-neighbour search (obtained from
 * {@link TenantDatabase#vectors()}). Each index lives in memory and catches up from the change log
 * before every search, so a search sees every change committed before it began, and nothing a
 * transaction rolled back. Thread-safe.
 *
 * <p>The graphs live with the open database ({@link OpenDatabase#vectorIndexes}) and are snapshot
 * to disk ({@link VectorSnapshots}) when the host closes the database (idle, evicted, host
 * shutdown) if they changed since their last snapshot, and after a catch-up once {@link
 * VectorSnapshots#CHANGES_PER_SNAPSHOT} documents were applied since the last one; the database's
 * next use loads them and catches up from there.
 */
public final class Vectors {
  /** Over-query factor while a filter rejects candidates; grows each round. */
  private static final int OVERQUERY = 4;

  private final TenantDatabase database;
  private final BatchAccelerator accelerator;

  Vectors(TenantDatabase database, BatchAccelerator accelerator) {
    this.database = database;
    this.accelerator = accelerator;
  }

  /** The accelerator exact searches run on, for EXPLAIN. */
  public String acceleratorId() {
    return accelerator.id();
  }

  /**
   * The {@code k} documents nearest {@code query} by a vector index, nearest first, among those
   * {@code filter} accepts (null: all). The graph is over-queried until {@code k} pass the filter
   * or the index is exhausted; {@code exact} searches every vector through the host's {@link
   * io.themisdb.engine.spi.BatchAccelerator} instead.
   */
  public List<VectorNeighbour> nearest(
      String collection,
      String index,
      float[] query,
      int k,
      Predicate<ObjectNode> filter,
      boolean exact) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative, was " + k);
    }
    List<VectorNeighbour> out = new ArrayList<>();
    int size = size(collection, index);
    for (int n = filter == null ? k : (int) Math.min((long) k * OVERQUERY, Math.max(size, k));
        k > 0;
        n = (int) Math.min((long) n * OVERQUERY, Math.max(size, k))) {
      List<VectorHit> hits =
          exact ? exact(collection, index, query, n) : approximate(collection, index, query, n, 0);
      // A wider search may find nearer documents than the last one: start the answer over.
      out.clear();
      for (VectorHit h : hits) {
        Optional<ObjectNode> doc = database.get(collection, h.key());
        if (doc.isPresent() && (filter == null || filter.test(doc.get()))) {
          out.add(new VectorNeighbour(doc.get(), h.distance()));
          if (out.size() == k) {
            return out;
          }
        }
      }
      if (hits.size() < n || n >= size) {
        break;
      }
    }
    return out;
  }

  /**
   * Up to {@code k} keys nearest {@code query} by the graph, nearest first; {@code ef} 0 uses the
   * index's {@code efSearch}.
   */
  public List<VectorHit> approximate(
      String collection, String index, float[] query, int k, int ef) {
    return current(collection, index).search(query, k, ef, null);
  }

  /** The exact {@code k} nearest keys, computed by the host's batch accelerator. */
  public List<VectorHit> exact(String collection, String index, float[] query, int k) {
    VectorIndex vi = current(collection, index);
    vi.checkDimension(query);
    long heap = vi.heapEstimate();
    VectorIndex.Exact rows = vi.exact();
    fitIfGrown(vi, heap); // the copy a brute-force search keeps counts against the budget too
    if (rows.keys().isEmpty() || k == 0) {
      return List.of();
    }
    IndexDefinition d = vi.definition();
    VectorSet set =
        new VectorSet(
            database.name(),
            collection + "/" + d.name() + "#" + d.id(),
            rows.version(),
            d.vector().dimension(),
            rows::rows);
    List<Neighbour> found = accelerator.nearest(set, d.vector().metric(), query, k).getFirst();
    List<VectorHit> hits = new ArrayList<>(found.size());
    for (Neighbour n : found) {
      hits.add(new VectorHit(rows.keys().get(n.row()), n.distance()));
    }
    return hits;
  }

  /** The exact distances of those {@code keys} that are indexed, nearest first. */
  public List<VectorHit> distances(
      String collection, String index, float[] query, Collection<String> keys) {
    return current(collection, index).distances(query, keys);
  }

  /** How many documents the index holds now. */
  public int size(String collection, String index) {
    return current(collection, index).size();
  }

  /**
   * An index that grew past {@code heapBefore} may make other databases' indexes let go. Leases the
   * database only then: most calls find nothing grew.
   */
  private void fitIfGrown(VectorIndex vi, long heapBefore) {
    if (vi.heapEstimate() > heapBefore) {
      OpenDatabase db = database.lease();
      try {
        database.host().fitVectorIndexes(db);
      } finally {
        database.release(db);
      }
    }
  }

  /** The vector index, caught up with every change committed before this call. */
  VectorIndex current(String collection, String index) {
    OpenDatabase db = database.lease();
    try {
      CollectionInfo c = db.catalog.collection(collection);
      IndexDefinition d = db.catalog.index(c, index);
      if (d.kind() != IndexKind.VECTOR) {
        throw new UnknownIndexException(
            "index '" + index + "' of '" + collection + "' is not a vector index");
      }
      Map<Integer, VectorIndex> indexes = db.vectorIndexes;
      // Graphs of indexes dropped since (with their collection, say) are let go here.
      for (VectorIndex v : indexes.values()) {
        IndexDefinition vd = v.definition();
        if (db.catalog.indexes(vd.collectionId()).stream().noneMatch(x -> x.id() == vd.id())
            && indexes.remove(vd.id(), v)) {
          db.vectorSnapshots.drop(vd.id(), v);
        }
      }
      VectorIndex vi = indexes.get(d.id());
      if (vi == null || !ready(vi.definition()).equals(ready(d))) {
        vi = new VectorIndex(d, db.vectorSnapshots);
        indexes.put(d.id(), vi);
      }
      vi.markUsed();
      long heap = vi.heapEstimate();
      vi.catchUp(db.changeLog.lastSequence(), () -> new Snapshot(db, c));
      if (vi.snapshotDue()) {
        // On the thread that caught up: applying that many changes took far longer than this.
        save(db, vi);
      }
      fitIfGrown(vi, heap); // loaded or caught up
      return vi;
    } finally {
      database.release(db);
    }
  }

  private static IndexDefinition ready(IndexDefinition d) {
    return d.withState(IndexState.READY);
  }

  /** How the vector index stands in memory: its size, heap estimate and how it started. */
  public VectorIndexStats stats(String collection, String index) {
    return current(collection, index).stats();
  }

  /** Forgets the graph and deletes the snapshot of a dropped index. */
  void forget(int indexId) {
    OpenDatabase db = database.lease();
    try {
      db.vectorSnapshots.drop(indexId, db.vectorIndexes.remove(indexId));
    } finally {
      database.release(db);
    }
  }

  /**
   * The snapshots of a database being opened, less those of indexes that no longer exist; a failure
   * to clean up is logged, not fatal (the files are unused).
   */
  static VectorSnapshots snapshots(Store store, Catalog catalog) {
    VectorSnapshots snapshots =
        new VectorSnapshots(store.directory().resolve(VectorSnapshots.DIRECTORY));
    Set<Integer> ids =
        catalog.collections().stream()
            .flatMap(c -> catalog.indexes(c.id()).stream())
            .map(IndexDefinition::id)
            .collect(Collectors.toSet());
    try {
      snapshots.retainOnly(ids);
    } catch (UncheckedIOException e) {
      log("cannot remove the snapshots of dropped vector indexes", e);
    }
    return snapshots;
  }

  /**
   * Writes the snapshots of the graphs that changed since their last one and lets the graphs go:
   * the host calls this as it closes the database's store, with no operation running.
   */
  static void persist(OpenDatabase db) {
    for (VectorIndex vi : db.vectorIndexes.values()) {
      save(db, vi);
    }
    db.vectorIndexes.clear();
  }

  /**
   * Writes the snapshot of {@code vi}, an index of {@code db}, and lets its graph go: the next
   * search of the index loads it from the snapshot and catches up. Searches running on it finish on
   * the old graph. False when the database is closing, which does the same anyway.
   */
  static boolean unload(OpenDatabase db, VectorIndex vi) {
    if (!db.tryLease()) {
      return false;
    }
    try {
      save(db, vi);
      return db.vectorIndexes.remove(vi.definition().id(), vi);
    } finally {
      db.endHousekeepingLease();
    }
  }

  /** The heap estimate of the database's graphs in memory now. */
  static long heapBytes(OpenDatabase db) {
    long bytes = 0;
    for (VectorIndex vi : db.vectorIndexes.values()) {
      bytes += vi.heapBytes(); // without waiting: the host's lock is held
    }
    return bytes;
  }

  /** A snapshot is an optimisation: failing to write one is logged and the next one tried. */
  private static void save(OpenDatabase db, VectorIndex vi) {
    try {
      // Durable first, so that the snapshot reflects no commit a crash could still lose.
      db.store.syncWal();
      db.vectorSnapshots.save(vi);
    } catch (RuntimeException e) {
      log("cannot write the snapshot of vector index " + vi.definition().name(), e);
    }
  }

  private static void log(String what, RuntimeException e) {
    System.getLogger(Vectors.class.getName()).log(System.Logger.Level.WARNING, what, e);
  }

  /** A snapshot of one collection's documents and the change log, as of the same moment. */
  private static final class Snapshot implements ChangeSource {
    private final CollectionInfo collection;
    private final StoreTransaction txn;
    private final ChangeLog log;

    Snapshot(OpenDatabase db, CollectionInfo collection) {
      this.collection = collection;
      this.txn = db.store.begin(true, false, db.settings.lockTimeout().toMillis(), 0);
      // The last sequence is written in the committing transaction: read in the snapshot, it is
      // exactly the sequence the snapshot's documents reflect.
      this.log = ChangeLog.load(txn);
    }

    @Override
    public String collection() {
      return collection.name();
    }

    @Override
    public long lastSequence() {
      return log.lastSequence();
    }

    @Override
    public List<ChangeRecord> records(long from, int limit) {
      return log.read(txn, from, limit);
    }

    @Override
    public JsonNode document(String key) {
      byte[] stored = txn.get(Space.DOCUMENTS, Transaction.documentKey(collection, key));
      return stored == null ? null : DocumentCodec.decode(stored);
    }

    @Override
    public void documents(BiConsumer<String, JsonNode> visitor) {
      byte[] prefix = Transaction.collectionPrefix(collection.id());
      txn.scan(
          Space.DOCUMENTS,
          prefix,
          KeyRanges.prefixEnd(prefix),
          false,
          (k, v) -> {
            String key =
                new String(
                    Arrays.copyOfRange(k, prefix.length, k.length), StandardCharsets.US_ASCII);
            visitor.accept(key, DocumentCodec.decode(v));
            return true;
          });
    }

    @Override
    public void close() {
      txn.close();
    }
  }
}
