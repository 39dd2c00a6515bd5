package io.themisdb.gpu.job;

/** How kNN measures closeness. Every metric is reported as a distance: smaller is closer. */
public enum Metric {
  /** Squared Euclidean distance {@code sum((q - v)^2)}. */
  L2,
  /** {@code 1 - cos(q, v)}; a zero vector has cosine 0 with everything, so distance 1. */
  COSINE,
  /** Negated inner product {@code -(q . v)}, so that the largest product is the nearest. */
  DOT
}
