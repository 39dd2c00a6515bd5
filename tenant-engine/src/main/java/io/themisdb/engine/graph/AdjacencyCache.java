package io.themisdb.engine.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The {@link Adjacency} of each edge collection of one open database, built on its first traversal
 * or graph algorithm run (tenants that do neither hold nothing) and dropped with the database when
 * the host closes it. Thread-safe.
 */
public final class AdjacencyCache {
  private final GraphMemory memory;
  private final Map<Integer, Adjacency> collections = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public AdjacencyCache(GraphMemory memory) {
    this.memory = memory;
  }

  /**
   * A cursor over edge collection {@code collection} (id {@code collectionId}) exactly as a
   * snapshot at change sequence {@code snapshot} shows it, or null when the cache cannot show that
   * snapshot (read the edge index then). {@code source} reads that snapshot for a catch-up. Before
   * each vertex, {@code committedOnly} says whether the reader still sees committed edges only (it
   * fails if the reader may not read any more); once it does not, or the cache moved past the
   * snapshot, the cursor reads the rest through the edge index cursor {@code fallback} opens.
   */
  public EdgeCursor cursor(
      int collectionId,
      String collection,
      long snapshot,
      Supplier<EdgeSnapshot> source,
      BooleanSupplier committedOnly,
      Supplier<EdgeCursor> fallback) {
    Adjacency a = prepared(collectionId, collection, snapshot, source);
    return a != null ? new Cursor(a, snapshot, committedOnly, fallback) : null;
  }

  /**
   * Visits the edges of collection {@code collection} among {@code vertexIds} as {@link
   * Adjacency#forEachAmong} does, exactly as a snapshot at change sequence {@code snapshot} shows
   * them (catching up from {@code source} first, as {@link #cursor} does); false, having visited
   * nothing, when the cache cannot show that snapshot (read the edge index then). The reader must
   * not have written to the collection.
   */
  public boolean forEachAmong(
      int collectionId,
      String collection,
      long snapshot,
      Supplier<EdgeSnapshot> source,
      String[] vertexIds,
      EdgeIndex.PositionVisitor visitor) {
    Adjacency a = prepared(collectionId, collection, snapshot, source);
    return a != null && a.forEachAmong(snapshot, vertexIds, visitor);
  }

  /** The collection's adjacency showing the snapshot at {@code snapshot}, or null if it cannot. */
  private Adjacency prepared(
      int collectionId, String collection, long snapshot, Supplier<EdgeSnapshot> source) {
    if (closed || !memory.enabled()) {
      return null;
    }
    Adjacency a =
        collections.computeIfAbsent(collectionId, id -> new Adjacency(collection, memory));
    if (closed) {
      a.close(); // raced with close(): nobody else will
      return null;
    }
    return a.prepare(snapshot, source) ? a : null;
  }

  /** Lets go of the adjacency of a dropped collection. */
  public void forget(int collectionId) {
    Adjacency a = collections.remove(collectionId);
    if (a != null) {
      a.close();
    }
  }

  /** Lets go of everything: the database is closing. */
  public void close() {
    closed = true;
    List<Adjacency> all = new ArrayList<>(collections.values());
    collections.clear();
    all.forEach(Adjacency::close);
  }

  private static final class Cursor implements EdgeCursor {
    private final Adjacency adjacency;
    private final long snapshot;
    private final BooleanSupplier committedOnly;
    private final Supplier<EdgeCursor> fallback;
    private EdgeCursor index;

    Cursor(
        Adjacency adjacency,
        long snapshot,
        BooleanSupplier committedOnly,
        Supplier<EdgeCursor> fallback) {
      this.adjacency = adjacency;
      this.snapshot = snapshot;
      this.committedOnly = committedOnly;
      this.fallback = fallback;
    }

    @Override
    public List<Adjacent> edges(String vertexId, Direction direction) {
      if (index == null && committedOnly.getAsBoolean()) {
        List<Adjacent> out = adjacency.edges(vertexId, direction, snapshot);
        if (out != null) {
          return out;
        }
      }
      // The reader wrote edges of its own, or the adjacency moved past its snapshot (or was
      // dropped): the index shows what the reader sees.
      if (index == null) {
        index = fallback.get();
      }
      return index.edges(vertexId, direction);
    }

    @Override
    public void close() {
      if (index != null) {
        index.close();
      }
    }
  }
}
