package io.themisdb.engine.graph;

import io.themisdb.engine.changelog.ChangeRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;

/**
 * The adjacency of one edge collection in memory, so that a traversal reads a vertex's edges from
 * arrays instead of seeking the edge index (issue #8: one iterator step per edge capped traversals
 * at a few hundred per second). Vertex and edge ids map to dense ordinals; each vertex keeps the
 * ordinals of its outbound and of its inbound edges, each list in edge key order as the edge index
 * returns them.
 *
 * <p>Derived from committed data only, like {@link io.themisdb.engine.vector.VectorIndex}: built
 * from the edge index as a transaction's snapshot shows it, then caught up by replaying the change
 * log up to a later snapshot (reading each changed edge as of that snapshot). It reflects change
 * sequence {@code applied}; since the newest change of this collection it applied ({@code
 * lastChange}) nothing changed the collection, so every snapshot in {@code [lastChange, applied]}
 * sees exactly these edges. A transaction with an older snapshot reads the edge index instead.
 *
 * <p>Readers read one vertex at a time under a (mostly optimistic) read lock, never across calls,
 * so a lazy traversal does not hold up a catch-up: it checks on every call whether its snapshot is
 * still covered.
 */
public final class Adjacency {
  private static final int CATCH_UP_BATCH = 10_000;

  /** How many edges a build adds between checks that it still fits in memory. */
  private static final int BUILD_CHECK = 1 << 14;

  /** Heap of a String besides its characters: object and array headers. */
  private static final int STRING_BYTES = 40;

  private final String collection;
  private final String idPrefix;
  private final GraphMemory memory;
  private final StampedLock lock = new StampedLock();

  // Guarded by lock.
  private Ordinals vertexOrdinals;
  private String[] vertexIds;
  private int[] vertexHashes;
  private int[][] out;
  private int[][] in;
  private int[] outCount;
  private int[] inCount;
  private int vertices;
  private Ordinals edgeOrdinals;
  private String[] edgeIds;
  private int[] from;
  private int[] to;
  private int edgeSlots;
  private int[] freeSlots;
  private int freeCount;
  private long idChars;
  private long listBytes;
  private long held;
  private long tooLarge = -1;
  private boolean closed;

  private volatile long applied = -1;
  private volatile long lastChange;

  Adjacency(String collection, GraphMemory memory) {
    this.collection = collection;
    this.idPrefix = collection + "/";
    this.memory = memory;
    reset();
  }

  /**
   * Makes this adjacency show exactly what a snapshot at change sequence {@code snapshot} shows,
   * catching up from {@code source} (that snapshot) when it is behind. False when it cannot: it is
   * newer than the snapshot in this collection, the collection does not fit in memory, or it was
   * closed.
   */
  boolean prepare(long snapshot, Supplier<EdgeSnapshot> source) {
    if (covers(snapshot)) {
      return true;
    }
    long stamp = lock.writeLock();
    try {
      if (closed) {
        return false;
      }
      if (applied >= 0 && snapshot <= applied) {
        return snapshot >= lastChange;
      }
      if (tooLarge >= 0 && !memory.fits(tooLarge)) {
        return false;
      }
      EdgeSnapshot s = source.get();
      if (!(applied >= 0 && replay(s, snapshot)) && !rebuild(s, snapshot)) {
        return false;
      }
      long bytes = bytes();
      if (!memory.resize(held, bytes)) {
        discard(bytes);
        return false;
      }
      held = bytes;
      tooLarge = -1;
      return true;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  private boolean covers(long snapshot) {
    long a = applied;
    return a >= 0 && snapshot <= a && snapshot >= lastChange;
  }

  /**
   * The edges at {@code vertexId} as {@link EdgeIndex#edges} would list them, if this adjacency
   * still shows the snapshot at {@code snapshot}; null when it moved past it meanwhile.
   */
  List<Adjacent> edges(String vertexId, Direction direction, long snapshot) {
    // Optimistic first: a traversal reads a thousand vertices, and even an uncontended read lock
    // cost a tenth of its time. A read that raced with a catch-up may see torn arrays (and throw);
    // validate() tells, and the read is repeated under the lock.
    long stamp = lock.tryOptimisticRead();
    if (stamp != 0) {
      try {
        List<Adjacent> out = read(vertexId, direction, snapshot);
        if (lock.validate(stamp)) {
          return out;
        }
      } catch (RuntimeException e) {
        if (lock.validate(stamp)) {
          throw e;
        }
      }
    }
    stamp = lock.readLock();
    try {
      return read(vertexId, direction, snapshot);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  private List<Adjacent> read(String vertexId, Direction direction, long snapshot) {
    if (!covers(snapshot)) {
      return null;
    }
    int v = vertexOrdinals.get(vertexId);
    if (v == Ordinals.ABSENT) {
      return new ArrayList<>(0);
    }
    int outs = direction == Direction.INBOUND ? 0 : outCount[v];
    int ins = direction == Direction.OUTBOUND ? 0 : inCount[v];
    List<Adjacent> out = new ArrayList<>(outs + ins);
    int[] list = this.out[v];
    for (int i = 0; i < outs; i++) {
      int e = list[i];
      out.add(new Adjacent(edgeIds[e], vertexIds[to[e]], vertexHashes[to[e]]));
    }
    list = in[v];
    for (int i = 0; i < ins; i++) {
      int e = list[i];
      // With ANY a self-loop is in both lists; the outbound one stands for it.
      if (direction != Direction.ANY || from[e] != v) {
        out.add(new Adjacent(edgeIds[e], vertexIds[from[e]], vertexHashes[from[e]]));
      }
    }
    return out;
  }

  /**
   * Visits each edge from one of {@code vertexIds} to one of {@code vertexIds} as their positions
   * in that array: the vertices in array order, each one's edges in edge key order, as {@link
   * EdgeIndex#forEachAmong} does for ids in the index's order. False, having visited nothing, when
   * this adjacency no longer shows the snapshot at {@code snapshot}.
   *
   * <p>Under the read lock throughout (a catch-up waits): the walk touches ints only, about a
   * millisecond per 100,000 edges, where the edge index took an iterator step and two strings per
   * edge.
   */
  boolean forEachAmong(long snapshot, String[] vertexIds, EdgeIndex.PositionVisitor visitor) {
    long stamp = lock.readLock();
    try {
      if (!covers(snapshot)) {
        return false;
      }
      int[] ordinal = new int[vertexIds.length];
      int[] position = new int[vertices];
      Arrays.fill(position, -1);
      for (int i = 0; i < vertexIds.length; i++) {
        ordinal[i] = vertexOrdinals.get(vertexIds[i]);
        if (ordinal[i] != Ordinals.ABSENT) {
          position[ordinal[i]] = i;
        }
      }
      for (int i = 0; i < vertexIds.length; i++) {
        int v = ordinal[i];
        if (v == Ordinals.ABSENT) {
          continue;
        }
        int[] list = out[v];
        for (int j = 0, n = outCount[v]; j < n; j++) {
          int t = position[to[list[j]]];
          if (t >= 0) {
            visitor.visit(i, t);
          }
        }
      }
      return true;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /** Drops the arrays and gives their memory back; later traversals read the edge index. */
  void close() {
    long stamp = lock.writeLock();
    try {
      closed = true;
      discard(-1);
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /** The heap this adjacency holds by its own estimate, in bytes. */
  long bytes() {
    long b = 128 + vertexOrdinals.bytes() + edgeOrdinals.bytes() + listBytes + idChars;
    b += 4L * vertexIds.length * 6; // ids, hashes, two list references, two counts
    b += 4L * edgeIds.length * 3 + 4L * freeSlots.length;
    b += (long) STRING_BYTES * (vertices + edgeOrdinals.size());
    return b;
  }

  /** Applies the records after {@code applied} up to {@code target}; false once some are gone. */
  private boolean replay(EdgeSnapshot s, long target) {
    long next = applied + 1;
    while (next <= target) {
      List<ChangeRecord> records = s.records(next, CATCH_UP_BATCH);
      if (records.isEmpty() || records.getFirst().sequence() != next) {
        return false; // trimmed from the change log: rebuild
      }
      for (ChangeRecord r : records) {
        if (r.sequence() > target) {
          break;
        }
        if (r.collection().equals(collection)) {
          apply(r.key(), s.ends(r.key()));
          lastChange = r.sequence();
        }
        next = r.sequence() + 1;
      }
    }
    applied = target;
    return true;
  }

  /** Builds from every edge of the snapshot; false when it outgrew the memory left. */
  private boolean rebuild(EdgeSnapshot s, long target) {
    reset();
    try {
      s.forEach(
          (f, key, t) -> {
            link(idPrefix + key, f, t, false);
            if (edgeSlots % BUILD_CHECK == 0 && !memory.fits(bytes() - held)) {
              throw new OutOfBudget();
            }
          });
    } catch (OutOfBudget e) {
      discard(bytes());
      return false;
    }
    // The scan is ordered by _from, then key: the outbound lists came in key order, the inbound
    // ones did not.
    for (int v = 0; v < vertices; v++) {
      sortByKey(in[v], inCount[v]);
    }
    lastChange = target;
    applied = target;
    return true;
  }

  /** Sets edge {@code key} to {@code ends} ({@code _from}, {@code _to}; null: no such edge). */
  private void apply(String key, String[] ends) {
    String id = idPrefix + key;
    int e = edgeOrdinals.get(id);
    if (e != Ordinals.ABSENT) {
      if (ends != null && vertexIds[from[e]].equals(ends[0]) && vertexIds[to[e]].equals(ends[1])) {
        return;
      }
      unlink(e);
    }
    if (ends != null) {
      link(id, ends[0], ends[1], true);
    }
  }

  private void link(String id, String fromId, String toId, boolean sorted) {
    int e;
    if (freeCount > 0) {
      e = freeSlots[--freeCount];
    } else {
      if (edgeSlots == edgeIds.length) {
        int n = edgeSlots * 2;
        edgeIds = Arrays.copyOf(edgeIds, n);
        from = Arrays.copyOf(from, n);
        to = Arrays.copyOf(to, n);
      }
      e = edgeSlots++;
    }
    int f = vertex(fromId);
    int t = vertex(toId);
    edgeIds[e] = id;
    from[e] = f;
    to[e] = t;
    edgeOrdinals.put(id, e);
    idChars += id.length();
    insert(out, outCount, f, e, sorted);
    insert(in, inCount, t, e, sorted);
  }

  private void unlink(int e) {
    remove(out, outCount, from[e], e);
    remove(in, inCount, to[e], e);
    edgeOrdinals.remove(edgeIds[e]);
    idChars -= edgeIds[e].length();
    edgeIds[e] = null;
    if (freeCount == freeSlots.length) {
      freeSlots = Arrays.copyOf(freeSlots, Math.max(16, freeCount * 2));
    }
    freeSlots[freeCount++] = e;
  }

  /** The ordinal of a vertex, added when new. Vertices stay until a rebuild, edges or not. */
  private int vertex(String id) {
    int v = vertexOrdinals.get(id);
    if (v != Ordinals.ABSENT) {
      return v;
    }
    if (vertices == vertexIds.length) {
      int n = vertices * 2;
      vertexIds = Arrays.copyOf(vertexIds, n);
      vertexHashes = Arrays.copyOf(vertexHashes, n);
      out = Arrays.copyOf(out, n);
      in = Arrays.copyOf(in, n);
      outCount = Arrays.copyOf(outCount, n);
      inCount = Arrays.copyOf(inCount, n);
    }
    v = vertices++;
    vertexIds[v] = id;
    vertexHashes[v] = id.hashCode();
    vertexOrdinals.put(id, v);
    idChars += id.length();
    return v;
  }

  private void insert(int[][] lists, int[] counts, int v, int e, boolean sorted) {
    int[] list = lists[v];
    int n = counts[v];
    if (list == null || n == list.length) {
      int capacity = list == null ? 2 : n + (n >> 1) + 1;
      listBytes += 16 + 4L * capacity - (list == null ? 0 : 16 + 4L * list.length);
      list = list == null ? new int[capacity] : Arrays.copyOf(list, capacity);
      lists[v] = list;
    }
    int at = sorted ? position(list, n, edgeIds[e]) : n;
    System.arraycopy(list, at, list, at + 1, n - at);
    list[at] = e;
    counts[v] = n + 1;
  }

  private void remove(int[][] lists, int[] counts, int v, int e) {
    int[] list = lists[v];
    int n = counts[v];
    int at = position(list, n, edgeIds[e]);
    System.arraycopy(list, at + 1, list, at, n - at - 1);
    counts[v] = n - 1;
  }

  /** The first position in a key-ordered list whose edge key is not below {@code id}. */
  private int position(int[] list, int n, String id) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      // Keys are ASCII, so String order is the edge index's byte order.
      if (edgeIds[list[mid]].compareTo(id) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void sortByKey(int[] list, int n) {
    boolean sorted = true;
    for (int i = 1; i < n && sorted; i++) {
      sorted = edgeIds[list[i - 1]].compareTo(edgeIds[list[i]]) < 0;
    }
    if (!sorted) {
      Integer[] boxed = new Integer[n];
      for (int i = 0; i < n; i++) {
        boxed[i] = list[i];
      }
      Arrays.sort(boxed, (a, b) -> edgeIds[a].compareTo(edgeIds[b]));
      for (int i = 0; i < n; i++) {
        list[i] = boxed[i];
      }
    }
  }

  private void reset() {
    vertexOrdinals = new Ordinals();
    vertexIds = new String[16];
    vertexHashes = new int[16];
    out = new int[16][];
    in = new int[16][];
    outCount = new int[16];
    inCount = new int[16];
    vertices = 0;
    edgeOrdinals = new Ordinals();
    edgeIds = new String[16];
    from = new int[16];
    to = new int[16];
    edgeSlots = 0;
    freeSlots = new int[0];
    freeCount = 0;
    idChars = 0;
    listBytes = 0;
  }

  /**
   * Empties this adjacency and gives back its memory; {@code needed} is what it would have taken
   * (-1: unknown), so that a rebuild is only tried again once that much is free.
   */
  private void discard(long needed) {
    reset();
    memory.resize(held, 0);
    held = 0;
    tooLarge = needed;
    applied = -1;
  }

  /** Thrown out of a build's scan, which has no other way to stop, once memory ran out. */
  private static final class OutOfBudget extends RuntimeException {
    OutOfBudget() {
      super(null, null, false, false);
    }
  }
}
