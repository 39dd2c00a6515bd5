package io.themisdb.gpu.job;

import java.util.Objects;

/**
 * Exact k-nearest-neighbour search of {@code queries} against the submitting tenant's resident
 * vector set {@code set} at {@code version}.
 *
 * @param set name of the tenant's vector set
 * @param version the version the caller expects resident (see {@code ResidentVectorSets})
 * @param metric how closeness is measured
 * @param k neighbours per query, 1 to {@value #MAX_K}; fewer come back when the set is smaller
 * @param dimension components per vector, 1 to {@value #MAX_DIMENSION}; must match the set
 * @param queries {@code queryCount * dimension} floats, row-major, all finite
 */
public record KnnJob(String set, long version, Metric metric, int k, int dimension, float[] queries)
    implements Job<KnnResult> {

  public static final int MAX_K = 1024;
  public static final int MAX_DIMENSION = 4096;
  public static final int MAX_QUERIES = 4096;

  public KnnJob {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(queries, "queries");
    requireName(set, "set");
    if (version < 0) {
      throw new InvalidJobException("version must be >= 0, was " + version);
    }
    if (k < 1 || k > MAX_K) {
      throw new InvalidJobException("k must be in [1, " + MAX_K + "], was " + k);
    }
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new InvalidJobException(
          "dimension must be in [1, " + MAX_DIMENSION + "], was " + dimension);
    }
    if (queries.length == 0 || queries.length % dimension != 0) {
      throw new InvalidJobException(
          "queries must hold a positive multiple of dimension "
              + dimension
              + " floats, held "
              + queries.length);
    }
    if (queries.length / dimension > MAX_QUERIES) {
      throw new InvalidJobException(
          "at most " + MAX_QUERIES + " queries per job, was " + queries.length / dimension);
    }
    for (int i = 0; i < queries.length; i++) {
      if (!Float.isFinite(queries[i])) {
        throw new InvalidJobException(
            "query " + i / dimension + " component " + i % dimension + " is not finite");
      }
    }
  }

  /** A job from one array per query vector; every vector must have the same length. */
  public static KnnJob of(String set, long version, Metric metric, int k, float[]... vectors) {
    if (vectors.length == 0) {
      throw new InvalidJobException("at least one query vector is needed");
    }
    int dimension = vectors[0].length;
    float[] flat = new float[vectors.length * dimension];
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i].length != dimension) {
        throw new InvalidJobException(
            "query " + i + " has " + vectors[i].length + " components, query 0 has " + dimension);
      }
      System.arraycopy(vectors[i], 0, flat, i * dimension, dimension);
    }
    return new KnnJob(set, version, metric, k, dimension, flat);
  }

  public int queryCount() {
    return queries.length / dimension;
  }

  @Override
  public int cost() {
    return queryCount();
  }

  static void requireName(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidJobException(field + " must not be blank");
    }
  }
}
