package io.themisdb.engine.index;

import io.themisdb.engine.spi.VectorMetric;
import java.util.Objects;

/**
 * The parameters of a vector index (see {@link IndexKind#VECTOR}).
 *
 * @param dimension components of every indexed vector; documents whose attribute is not an array of
 *     this many numbers are not indexed
 * @param metric how closeness is measured; queries use the same metric
 * @param engine the graph library the index is built with
 * @param maxDegree the most neighbours a graph node keeps (HNSW's {@code M}); more raises recall,
 *     memory and build time
 * @param beamWidth candidates considered while inserting a node ({@code efConstruction})
 * @param efSearch candidates a search keeps (at least {@code k}); more raises recall and latency
 */
public record VectorOptions(
    int dimension,
    VectorMetric metric,
    VectorEngine engine,
    int maxDegree,
    int beamWidth,
    int efSearch) {

  /** The defaults, measured in docs/performance.md: recall@10 above 0.97 on clustered data. */
  public static final int DEFAULT_MAX_DEGREE = 32;

  public static final int DEFAULT_BEAM_WIDTH = 100;
  public static final int DEFAULT_EF_SEARCH = 40;

  /** The largest dimension accepted; larger vectors belong in a dedicated store. */
  public static final int MAX_DIMENSION = 4096;

  public VectorOptions {
    Objects.requireNonNull(metric, "metric");
    if (engine == null) {
      engine = VectorEngine.LUCENE_HNSW;
    }
    check(dimension, 1, MAX_DIMENSION, "dimension");
    check(maxDegree, 2, 512, "maxDegree");
    check(beamWidth, 1, 4096, "beamWidth");
    check(efSearch, 1, 4096, "efSearch");
    if (engine == VectorEngine.JVECTOR && metric == VectorMetric.DOT) {
      // Measured: jvector's graph misses most neighbours of unnormalized inner products.
      throw new IllegalArgumentException(
          "the JVECTOR engine supports the EUCLIDEAN and COSINE metrics; use LUCENE_HNSW for DOT");
    }
  }

  /** An index of {@code dimension} components with the default engine and graph parameters. */
  public static VectorOptions of(int dimension, VectorMetric metric) {
    return new VectorOptions(
        dimension,
        metric,
        VectorEngine.LUCENE_HNSW,
        DEFAULT_MAX_DEGREE,
        DEFAULT_BEAM_WIDTH,
        DEFAULT_EF_SEARCH);
  }

  public VectorOptions withEngine(VectorEngine e) {
    return new VectorOptions(dimension, metric, e, maxDegree, beamWidth, efSearch);
  }

  public VectorOptions withGraph(int degree, int beam, int ef) {
    return new VectorOptions(dimension, metric, engine, degree, beam, ef);
  }

  private static void check(int value, int min, int max, String name) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "vector index " + name + " must be " + min + " to " + max + ", was " + value);
    }
  }
}
