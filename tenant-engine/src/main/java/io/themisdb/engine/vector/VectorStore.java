package io.themisdb.engine.vector;

import io.themisdb.engine.spi.VectorMetric;
import java.util.Arrays;
import org.apache.lucene.util.VectorUtil;

/**
 * The vectors of one index by ordinal, as the graphs read them. Cosine vectors are stored
 * normalized, so that cosine becomes a dot product; the zero vector stays zero (distance 1 from
 * everything, as {@link VectorMetric#COSINE} defines).
 */
final class VectorStore {
  final int dimension;
  final VectorMetric metric;
  private float[][] vectors = new float[1024][];
  private int size;

  VectorStore(int dimension, VectorMetric metric) {
    this.dimension = dimension;
    this.metric = metric;
  }

  /** A copy of {@code raw} in the form the store keeps (normalized for cosine). */
  float[] prepare(float[] raw) {
    float[] v = raw.clone();
    if (metric == VectorMetric.COSINE) {
      double norm = 0;
      for (float x : v) {
        norm += (double) x * x;
      }
      if (norm > 0) {
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
          v[i] *= scale;
        }
      }
    }
    return v;
  }

  /** Appends a prepared vector; returns its ordinal. */
  int add(float[] prepared) {
    if (size == vectors.length) {
      vectors = Arrays.copyOf(vectors, size * 2);
    }
    vectors[size] = prepared;
    return size++;
  }

  float[] get(int ord) {
    return vectors[ord];
  }

  int size() {
    return size;
  }

  /** The metric's distance (smaller is closer) between a prepared query and a stored vector. */
  float distance(float[] query, float[] v) {
    return switch (metric) {
      case EUCLIDEAN -> VectorUtil.squareDistance(query, v);
      case DOT -> -VectorUtil.dotProduct(query, v);
      case COSINE -> 1 - VectorUtil.dotProduct(query, v);
    };
  }

  /**
   * A non-negative score that grows as the distance shrinks, as Lucene's graph expects (the same
   * transforms as Lucene's own similarity functions).
   */
  float similarity(float[] query, float[] v) {
    return switch (metric) {
      case EUCLIDEAN -> 1 / (1 + VectorUtil.squareDistance(query, v));
      case COSINE -> Math.max(0, (1 + VectorUtil.dotProduct(query, v)) / 2);
      case DOT -> {
        float dot = VectorUtil.dotProduct(query, v);
        yield dot < 0 ? 1 / (1 - dot) : dot + 1;
      }
    };
  }
}
