package io.themisdb.engine.vector;

import io.themisdb.engine.index.VectorEngine;
import io.themisdb.engine.index.VectorOptions;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.IntPredicate;

/**
 * An approximate nearest-neighbour graph over the vectors of a {@link VectorStore}: the one
 * interface both libraries sit behind. Not thread-safe for writes; searches may run concurrently
 * with each other but not with {@link #add}.
 */
interface VectorGraph {

  /** Links the vector already stored at {@code ord} into the graph. */
  void add(int ord);

  /**
   * Up to {@code k} ordinals near {@code query} (prepared by the store), nearest first, among those
   * {@code accept} allows; {@code ef} candidates are kept while searching.
   */
  int[] search(float[] query, int k, int ef, IntPredicate accept);

  /** Writes the graph's links for {@link #read} (see {@link VectorSnapshots}). */
  void write(DataOutput out) throws IOException;

  /** The graph's heap footprint in bytes (links and bookkeeping; not the store's vectors). */
  long ramBytesUsed();

  static VectorGraph create(VectorStore store, VectorOptions options) {
    return options.engine() == VectorEngine.JVECTOR
        ? new JVectorGraph(store, options)
        : new LuceneHnswGraph(store, options);
  }

  /**
   * The graph {@link #write} wrote, over {@code store} (which holds every vector it links already);
   * fails with {@link IOException} or {@link IllegalArgumentException} on malformed input.
   */
  static VectorGraph read(DataInput in, VectorStore store, VectorOptions options)
      throws IOException {
    return options.engine() == VectorEngine.JVECTOR
        ? JVectorGraph.read(in, store, options)
        : LuceneHnswGraph.read(in, store, options);
  }
}
