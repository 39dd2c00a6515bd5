package io.themisdb.engine.vector;

import io.themisdb.engine.changelog.ChangeOperation;
import io.themisdb.engine.changelog.ChangeRecord;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexEntries;
import io.themisdb.engine.index.VectorOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class VectorIndex {
  private static final int CATCH_UP_BATCH = 10_000;

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

  public VectorIndex(IndexDefinition definition) {
    this.definition = definition;
    this.options = definition.vector();
    this.path = definition.fields().getFirst();
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
      try (ChangeSource source = snapshot.get()) {
        long last = source.lastSequence();
        if (appliedSequence < 0 || last < appliedSequence || !replay(source, last)) {
          rebuild(source);
        }
        appliedSequence = last;
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
    source.documents(this::apply);
  }

  private void reset() {
    store = new VectorStore(options.dimension(), options.metric());
    graph = VectorGraph.create(store, options);
    keys = new String[1024];
    ordinals.clear();
    live.clear();
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
      ordinals.put(key, ord);
      live.set(ord);
      graph.add(ord);
    }
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
      ordinals.put(oldKeys[ord], n);
      live.set(n);
      graph.add(n);
    }
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
