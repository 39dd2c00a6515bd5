package io.themisdb.engine.aql.functions;

import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.spi.VectorMetric;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Vector distances: {@code APPROX_NEAR_COSINE/L2/DOT(a, b)} and their {@code EXACT_NEAR_*} twins
 * give the same value (smaller is closer); they differ in how the planner answers {@code SORT
 * ...(d.v, @q) LIMIT k} over a vector index: by the graph or by brute force. Null unless both
 * arguments are number arrays of equal length.
 */
public final class VectorFunctions {
  private VectorFunctions() {}

  /** The metric of each function name, for the planner. */
  public static final Map<String, VectorMetric> METRICS =
      Map.of(
          "APPROX_NEAR_COSINE", VectorMetric.COSINE,
          "APPROX_NEAR_L2", VectorMetric.EUCLIDEAN,
          "APPROX_NEAR_DOT", VectorMetric.DOT,
          "EXACT_NEAR_COSINE", VectorMetric.COSINE,
          "EXACT_NEAR_L2", VectorMetric.EUCLIDEAN,
          "EXACT_NEAR_DOT", VectorMetric.DOT);

  static void register(FunctionLibrary.Registrar r) {
    METRICS.forEach(
        (name, metric) ->
            r.add(name, 2, 2, (a, c) -> distance(metric, vector(a.get(0)), vector(a.get(1)))));
  }

  private static JsonNode distance(VectorMetric metric, float[] a, float[] b) {
    if (a == null || b == null || a.length != b.length) {
      return Values.NULL;
    }
    float d = metric.distance(a, b, 0);
    // L2 reports the Euclidean distance itself; the index orders by its square, the same order.
    return Values.number(metric == VectorMetric.EUCLIDEAN ? Math.sqrt(d) : d);
  }

  /** {@code v} as floats, or null when it is not an array of numbers. */
  public static float[] vector(JsonNode v) {
    if (v == null || !v.isArray()) {
      return null;
    }
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode x = v.get(i);
      if (!x.isNumber()) {
        return null;
      }
      out[i] = (float) x.doubleValue();
    }
    return out;
  }
}
