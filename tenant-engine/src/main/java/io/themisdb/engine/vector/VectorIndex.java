package io.themisdb.engine.vector;

import io.themisdb.engine.changelog.ChangeOperation;
import io.themisdb.engine.changelog.ChangeRecord;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexEntries;
import io.themisdb.engine.index.VectorOptions;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The in-memory graph of one vector index, derived from the change log: it remembers the last
 * change sequence it reflects and, before each search, applies what was committed since (reading
 * the documents as of the same snapshot). A crash or reopen therefore loses nothing: a fresh index
 * is built from the documents and caught up like any other. A document is indexed when its
 * attribute is an array of exactly {@code dimension} numbers; others are skipped, as by a sparse
 * index.
 *
 * <p>Graphs cannot delete nodes, so an update or removal marks the old ordinal dead (searches skip
 * it) and the graph is rebuilt from the live vectors once the dead outnumber them.
 *
 * <p>With {@link VectorSnapshots}, a fresh index first loads its newest snapshot and catches up
 * from the sequence the snapshot reflects, instead of rebuilding from every document; a snapshot
 * that is unusable, or older than the change log reaches back, means a rebuild as before.
 */
public final class VectorIndex {
  private static final int CATCH_UP_BATCH = 10_000;

  /** Snapshot vector rows are little-endian: a plain copy on the machines we run on. */
  static final ByteOrder ROWS = ByteOrder.LITTLE_ENDIAN;

  // Object layout on a 64-bit JVM with compressed references, as Lucene's RamUsageEstimator has it.
  private static final int REFERENCE = 4;
  private static final int ARRAY_HEADER = 16;
  private static final int STRING = 24;

  /** A HashMap node (32), its table slot (4, at most 0.75 full: ~6) and the boxed ordinal (16). */
  private static final int MAP_ENTRY = 54;

  private final IndexDefinition definition;
  private final VectorOptions options;
  private final String path;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private VectorStore store;
  private VectorGraph graph;
  private String[] keys;
  private final Map<String, Integer> ordinals = new HashMap<>();
  private final BitSet live = new BitSet();
  private volatile long appliedSequence = -1;
  private volatile Exact exact;

  /** Where snapshots are kept; null for an index that is never snapshotted. */
  private final VectorSnapshots snapshots;

  /** Held while a snapshot of this index is written or deleted: one at a time. */
  final ReentrantLock snapshotLock = new ReentrantLock();

  /** Guarded by {@link #snapshotLock}: once dropped, no snapshot is written any more. */
  boolean dropped;

  /** The sequence of the newest snapshot on disk; -1 when there is none. */
  private volatile long snapshotSequence = -1;

  /** Documents applied since the newest snapshot (a rebuild counts every document). */
  private volatile long changesSinceSnapshot;

  /** The last {@link #estimateHeap()}: what is reported while a catch-up holds the lock. */
  private volatile long heapEstimate;

  private volatile boolean loadedFromSnapshot;
  private volatile long lastUsedNanos = System.nanoTime();
  private final AtomicInteger rebuilds = new AtomicInteger();
  private long keyChars;

  /** An index that lives in memory only (benchmarks, tests of the graphs). */
  public VectorIndex(IndexDefinition definition) {
    this(definition, null);
  }

  /** An index that starts from its newest snapshot in {@code snapshots}, when there is one. */
  public VectorIndex(IndexDefinition definition, VectorSnapshots snapshots) {
    this.definition = definition;
    this.options = definition.vector();
    this.path = definition.fields().getFirst();
    this.snapshots = snapshots;
    reset();
  }

  public IndexDefinition definition() {
    return definition;
  }

  /** The last change sequence this index reflects; -1 before its first catch-up. */
  public long appliedSequence() {
    return appliedSequence;
  }

  /** The number of documents indexed. */
  public int size() {
    lock.readLock().lock();
    try {
      return ordinals.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Brings the index up to {@code latest} (the change log's current last sequence) by applying what
   * {@code snapshot} shows; nothing to do when it is there already. After this returns, every
   * change committed before the call is visible to searches.
   */
  public void catchUp(long latest, Supplier<ChangeSource> snapshot) {
    if (appliedSequence >= 0 && appliedSequence >= latest) {
      return;
    }
    lock.writeLock().lock();
    try {
      if (appliedSequence >= 0 && appliedSequence >= latest) {
        return;
      }
      VectorStore before = store;
      int stored = before.size();
      try (ChangeSource source = snapshot.get()) {
        long last = source.lastSequence();
        if (appliedSequence < 0 && snapshots != null) {
          snapshots.load(this);
        }
        if (appliedSequence < 0 || last < appliedSequence || !replay(source, last)) {
          rebuild(source);
        }
        appliedSequence = last;
      }
      if (store != before || store.size() != stored) {
        heapEstimate = estimateHeap(); // loaded, rebuilt or grown: for heapEstimate()
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Applies records after the applied sequence; false when some were trimmed away already. */
  private boolean replay(ChangeSource source, long last) {
    String collection = null;
    long next = appliedSequence + 1;
    while (next <= last) {
      List<ChangeRecord> records = source.records(next, CATCH_UP_BATCH);
      if (records.isEmpty() || records.getFirst().sequence() != next) {
        return false;
      }
      for (ChangeRecord r : records) {
        if (r.sequence() > last) {
          return true;
        }
        if (collection == null) {
          collection = source.collection();
        }
        if (r.collection().equals(collection)) {
          JsonNode doc = r.operation() == ChangeOperation.REMOVE ? null : source.document(r.key());
          apply(r.key(), doc);
        }
        next = r.sequence() + 1;
      }
    }
    return true;
  }

  private void rebuild(ChangeSource source) {
    reset();
    rebuilds.incrementAndGet();
    source.documents(this::apply);
  }

  private void reset() {
    store = new VectorStore(options.dimension(), options.metric());
    graph = VectorGraph.create(store, options);
    keys = new String[1024];
    ordinals.clear();
    live.clear();
    keyChars = 0;
    exact = null;
  }

  private void apply(String key, JsonNode document) {
    float[] vector = document == null ? null : vectorOf(document);
    Integer old = ordinals.remove(key);
    if (old != null) {
      live.clear(old);
    }
    if (vector != null) {
      int ord = store.add(store.prepare(vector));
      if (ord == keys.length) {
        keys = Arrays.copyOf(keys, ord * 2);
      }
      keys[ord] = key;
      keyChars += key.length();
      ordinals.put(key, ord);
      live.set(ord);
      graph.add(ord);
    }
    changesSinceSnapshot++;
    exact = null;
    int dead = store.size() - ordinals.size();
    if (dead > 1000 && dead > ordinals.size()) {
      compact();
    }
  }

  /** Rebuilds the graph from the live vectors only. */
  private void compact() {
    VectorStore oldStore = store;
    String[] oldKeys = keys;
    BitSet oldLive = (BitSet) live.clone();
    reset();
    for (int ord = oldLive.nextSetBit(0); ord >= 0; ord = oldLive.nextSetBit(ord + 1)) {
      int n = store.add(oldStore.get(ord));
      if (n == keys.length) {
        keys = Arrays.copyOf(keys, n * 2);
      }
      keys[n] = oldKeys[ord];
      keyChars += keys[n].length();
      ordinals.put(oldKeys[ord], n);
      live.set(n);
      graph.add(n);
    }
  }

  /**
   * Whether enough was applied since the newest snapshot that the next one is due: {@link
   * VectorSnapshots#CHANGES_PER_SNAPSHOT} documents, so that a crash costs at most that many
   * changes replayed from the log.
   */
  public boolean snapshotDue() {
    return snapshots != null && changesSinceSnapshot >= VectorSnapshots.CHANGES_PER_SNAPSHOT;
  }

  /** Whether the state reflects changes that the newest snapshot does not. */
  boolean changedSinceSnapshot() {
    return appliedSequence > snapshotSequence;
  }

  ReentrantReadWriteLock.ReadLock readLock() {
    return lock.readLock();
  }

  /** A snapshot of the current state was written; the caller holds the read lock. */
  void snapshotWritten() {
    snapshotSequence = appliedSequence;
    changesSinceSnapshot = 0;
  }

  /** The snapshot on disk is gone (discarded or dropped). */
  void snapshotDeleted() {
    snapshotSequence = -1;
  }

  /**
   * Writes the state for {@link #readState}: the applied sequence, every ordinal's key, liveness
   * and stored vector, then the graph. The caller holds the read lock.
   */
  void writeState(DataOutput out) throws IOException {
    out.writeLong(appliedSequence);
    int n = store.size();
    out.writeInt(n);
    ByteBuffer row = ByteBuffer.allocate(options.dimension() * Float.BYTES).order(ROWS);
    for (int ord = 0; ord < n; ord++) {
      byte[] key = keys[ord].getBytes(StandardCharsets.UTF_8);
      out.writeInt(key.length);
      out.write(key);
      out.writeBoolean(live.get(ord));
      row.clear();
      row.asFloatBuffer().put(store.get(ord));
      out.write(row.array());
    }
    graph.write(out);
  }

  /**
   * Replaces the state of this fresh index with what {@link #writeState} wrote; the caller holds
   * the write lock. Nothing changes unless all of it reads back: a malformed snapshot fails with
   * {@link IOException} or {@link IllegalArgumentException}.
   *
   * @param length the snapshot's size in bytes, which bounds every count in it
   */
  void readState(DataInput in, long length) throws IOException {
    long sequence = in.readLong();
    int n = in.readInt();
    int dimension = options.dimension();
    if (sequence < 0 || n < 0 || (long) n * dimension * Float.BYTES > length) {
      throw new IllegalArgumentException("malformed snapshot: " + n + " vectors");
    }
    VectorStore s = new VectorStore(dimension, options.metric());
    String[] k = new String[Math.max(1024, n)];
    Map<String, Integer> ords = new HashMap<>();
    BitSet l = new BitSet();
    long chars = 0;
    byte[] row = new byte[dimension * Float.BYTES];
    FloatBuffer floats = ByteBuffer.wrap(row).order(ROWS).asFloatBuffer();
    for (int ord = 0; ord < n; ord++) {
      int keyLength = in.readInt();
      if (keyLength < 0 || keyLength > length) {
        throw new IllegalArgumentException("malformed snapshot: key of " + keyLength + " bytes");
      }
      byte[] key = new byte[keyLength];
      in.readFully(key);
      k[ord] = new String(key, StandardCharsets.UTF_8);
      if (in.readBoolean()) {
        if (ords.put(k[ord], ord) != null) {
          throw new IllegalArgumentException("malformed snapshot: key " + k[ord] + " twice");
        }
        l.set(ord);
      }
      chars += k[ord].length();
      in.readFully(row);
      float[] v = new float[dimension];
      floats.clear().get(v);
      s.add(v);
    }
    VectorGraph g = VectorGraph.read(in, s, options);
    store = s;
    graph = g;
    keys = k;
    ordinals.clear();
    ordinals.putAll(ords);
    live.clear();
    live.or(l);
    keyChars = chars;
    exact = null;
    appliedSequence = sequence;
    snapshotSequence = sequence;
    changesSinceSnapshot = 0;
    loadedFromSnapshot = true;
  }

  /** How the index stands: its size, heap footprint and how it was initialised. */
  public VectorIndexStats stats() {
    lock.readLock().lock();
    try {
      return new VectorIndexStats(
          ordinals.size(),
          heapBytes(),
          appliedSequence,
          snapshotSequence,
          loadedFromSnapshot,
          rebuilds.get());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * An estimate of the heap this index holds ({@link #estimateHeap()}, plus the brute-force copy of
   * {@link #exact()} while it is cached); never waits: during a catch-up, the last estimate.
   */
  public long heapBytes() {
    if (lock.readLock().tryLock()) {
      try {
        heapEstimate = estimateHeap();
      } finally {
        lock.readLock().unlock();
      }
    }
    return heapEstimate();
  }

  /**
   * The last {@link #heapBytes()} estimate, which every catch-up that loads, rebuilds or grows the
   * index renews, without computing it again (the graph library's accounting can walk every node).
   */
  public long heapEstimate() {
    Exact e = exact;
    return heapEstimate + (e == null ? 0 : (long) e.rows().length * Float.BYTES);
  }

  /** When a search last asked for this index ({@link System#nanoTime()}). */
  public long lastUsedNanos() {
    return lastUsedNanos;
  }

  /** Records a use, for letting the least recently used indexes go first. */
  public void markUsed() {
    lastUsedNanos = System.nanoTime();
  }

  /**
   * Every stored vector (dead ones too, until a compaction), the graph's links as its library
   * accounts them, and the keys with their map entries; the caller holds a lock.
   */
  private long estimateHeap() {
    int n = store.size();
    long vectors = (long) n * (ARRAY_HEADER + (long) options.dimension() * Float.BYTES + REFERENCE);
    long keysBytes =
        (long) keys.length * REFERENCE
            + (long) n * (STRING + ARRAY_HEADER)
            + keyChars
            + (long) ordinals.size() * MAP_ENTRY;
    return vectors + keysBytes + graph.ramBytesUsed() + live.size() / 8;
  }

  /** The indexed vector of {@code document}, or null when it has none of the right dimension. */
  public float[] vectorOf(JsonNode document) {
    return vector(IndexEntries.attribute(document, path), options.dimension());
  }

  /** {@code value} as a vector of {@code dimension} floats, or null when it is not one. */
  public static float[] vector(JsonNode value, int dimension) {
    if (value == null || !value.isArray() || value.size() != dimension) {
      return null;
    }
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      JsonNode x = value.get(i);
      if (!x.isNumber()) {
        return null;
      }
      double d = x.doubleValue();
      if (!Double.isFinite((float) d)) {
        return null;
      }
      v[i] = (float) d;
    }
    return v;
  }

  /**
   * Up to {@code k} documents nearest {@code query} by the graph, nearest first, among the keys
   * {@code accept} allows (null: all).
   *
   * @param ef candidates kept while searching; 0 for the index's {@code efSearch}
   */
  public List<VectorHit> search(
      float[] query, int k, int ef, java.util.function.Predicate<String> accept) {
    checkDimension(query);
    lock.readLock().lock();
    try {
      float[] q = store.prepare(query);
      IntPredicate filter =
          accept == null ? live::get : ord -> live.get(ord) && accept.test(keys[ord]);
      int[] ords =
          graph.search(
              q,
              Math.min(k, Math.max(1, ordinals.size())),
              ef > 0 ? ef : options.efSearch(),
              filter);
      List<VectorHit> hits = new ArrayList<>(ords.length);
      for (int ord : ords) {
        hits.add(new VectorHit(keys[ord], store.distance(q, store.get(ord))));
      }
      hits.sort(Comparator.comparingDouble(VectorHit::distance));
      return hits;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The exact distances of the given documents that are indexed, nearest first. */
  public List<VectorHit> distances(float[] query, Collection<String> candidates) {
    checkDimension(query);
    lock.readLock().lock();
    try {
      float[] q = store.prepare(query);
      List<VectorHit> hits = new ArrayList<>();
      for (String key : candidates) {
        Integer ord = ordinals.get(key);
        if (ord != null) {
          hits.add(new VectorHit(key, store.distance(q, store.get(ord))));
        }
      }
      hits.sort(Comparator.comparingDouble(VectorHit::distance).thenComparing(VectorHit::key));
      return hits;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The live vectors in key order as one row-major array, for a brute-force search: the same for
   * the same applied sequence, so an accelerator may keep them by that version.
   */
  public Exact exact() {
    lock.readLock().lock();
    try {
      Exact e = exact;
      if (e != null) {
        return e;
      }
      String[] sorted = ordinals.keySet().toArray(String[]::new);
      Arrays.sort(sorted);
      int d = options.dimension();
      float[] rows = new float[sorted.length * d];
      for (int i = 0; i < sorted.length; i++) {
        System.arraycopy(store.get(ordinals.get(sorted[i])), 0, rows, i * d, d);
      }
      e = new Exact(appliedSequence, List.of(sorted), rows);
      exact = e;
      return e;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The rows of a brute-force search and the document key of each row, as of {@code version}. */
  public record Exact(long version, List<String> keys, float[] rows) {}

  /** Fails with {@link IllegalArgumentException} unless {@code query} has the index's dimension. */
  public void checkDimension(float[] query) {
    if (query.length != options.dimension()) {
      throw new IllegalArgumentException(
          "index '"
              + definition.name()
              + "' holds vectors of dimension "
              + options.dimension()
              + ", the query has "
              + query.length);
    }
  }
}
