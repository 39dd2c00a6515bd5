package io.themisdb.gpu.job;

/**
 * The nearest vectors of one query, nearest first.
 *
 * @param ids ids of the neighbours as uploaded
 * @param distances their distances under the job's {@link Metric}, same order
 */
public record Neighbours(long[] ids, float[] distances) {

  public Neighbours {
    if (ids.length != distances.length) {
      throw new IllegalArgumentException("ids and distances differ in length");
    }
  }

  public int size() {
    return ids.length;
  }

  /** The first {@code k} neighbours (all of them when there are fewer). */
  public Neighbours first(int k) {
    if (k >= ids.length) {
      return this;
    }
    return new Neighbours(java.util.Arrays.copyOf(ids, k), java.util.Arrays.copyOf(distances, k));
  }
}
