package io.themisdb.engine.spi;

/** How vector closeness is measured. Every metric is reported as a distance: smaller is closer. */
public enum VectorMetric {
  /** Squared Euclidean distance {@code sum((q - v)^2)}. */
  EUCLIDEAN,
  /** {@code 1 - cos(q, v)}; a zero vector has cosine 0 with everything, so distance 1. */
  COSINE,
  /** Negated inner product {@code -(q . v)}, so that the largest product is the nearest. */
  DOT;

  /** The distance of {@code v} (at {@code offset} in {@code vectors}) from {@code q}. */
  public float distance(float[] q, float[] vectors, int offset) {
    int d = q.length;
    switch (this) {
      case EUCLIDEAN -> {
        double sum = 0;
        for (int i = 0; i < d; i++) {
          double diff = q[i] - vectors[offset + i];
          sum += diff * diff;
        }
        return (float) sum;
      }
      case DOT -> {
        double dot = 0;
        for (int i = 0; i < d; i++) {
          dot += (double) q[i] * vectors[offset + i];
        }
        return (float) -dot;
      }
      default -> {
        double dot = 0;
        double qq = 0;
        double vv = 0;
        for (int i = 0; i < d; i++) {
          float v = vectors[offset + i];
          dot += (double) q[i] * v;
          qq += (double) q[i] * q[i];
          vv += (double) v * v;
        }
        return qq == 0 || vv == 0 ? 1f : (float) (1 - dot / Math.sqrt(qq * vv));
      }
    }
  }
}
