package io.themisdb.engine;

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
import io.themisdb.engine.storage.StoreTransaction;
import io.themisdb.engine.vector.ChangeSource;
import io.themisdb.engine.vector.VectorHit;
import io.themisdb.engine.vector.VectorIndex;
import io.themisdb.engine.vector.VectorNeighbour;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The vector indexes of one database: the front door for nearest-neighbour search (obtained from
 * {@link TenantDatabase#vectors()}). Each index lives in memory and catches up from the change log
 * before every search, so a search sees every change committed before it began, and nothing a
 * transaction rolled back. Thread-safe.
 */
public final class Vectors {
  /** Over-query factor while a filter rejects candidates; grows each round. */
  private static final int OVERQUERY = 4;

  private final TenantDatabase database;
  private final BatchAccelerator accelerator;
  private final Map<Integer, VectorIndex> indexes = new ConcurrentHashMap<>();

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
    VectorIndex.Exact rows = vi.exact();
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
      // Graphs of indexes dropped since (with their collection, say) are let go here.
      indexes
          .values()
          .removeIf(
              v ->
                  db.catalog.indexes(v.definition().collectionId()).stream()
                      .noneMatch(x -> x.id() == v.definition().id()));
      VectorIndex vi = indexes.get(d.id());
      if (vi == null || !ready(vi.definition()).equals(ready(d))) {
        vi = new VectorIndex(d);
        indexes.put(d.id(), vi);
      }
      vi.catchUp(db.changeLog.lastSequence(), () -> new Snapshot(db, c));
      return vi;
    } finally {
      database.release(db);
    }
  }

  private static IndexDefinition ready(IndexDefinition d) {
    return d.withState(IndexState.READY);
  }

  /** Forgets the in-memory graph of a dropped index. */
  void forget(int indexId) {
    indexes.remove(indexId);
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
