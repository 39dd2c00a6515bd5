package io.themisdb.engine.vector;

import io.themisdb.engine.index.VectorEngine;
import io.themisdb.engine.index.VectorOptions;
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

  static VectorGraph create(VectorStore store, VectorOptions options) {
    return options.engine() == VectorEngine.JVECTOR
        ? new JVectorGraph(store, options)
        : new LuceneHnswGraph(store, options);
  }
}
