package io.themisdb.engine.spi;

import java.util.List;

/**
 * Exact (brute-force) vector and geo work in batches, which the engine hands off to whatever can do
 * it fastest: {@link CpuBatchAccelerator} by default, the shared GPU service when platform-api
 * plugs it in. Implementations are thread-safe and give the same results as the CPU default (up to
 * float rounding and the order of equal distances).
 */
public interface BatchAccelerator {

  /** A short name for plans and metrics, for example {@code cpu} or {@code gpu-service}. */
  String id();

  /**
   * The {@code k} nearest rows of {@code set} for each query, nearest first (fewer when the set is
   * smaller).
   *
   * @param queries {@code queryCount * set.dimension()} floats, row-major
   * @return one list per query, in query order
   */
  List<List<Neighbour>> nearest(VectorSet set, VectorMetric metric, float[] queries, int k);

  /**
   * Great-circle distances in metres on a sphere of radius {@link #EARTH_RADIUS_METRES} between
   * every point of {@code from} and every point of {@code to}.
   *
   * @param database the tenant database the work is for (whose queue and usage it counts to)
   * @param from points as {@code lon, lat} pairs in degrees
   * @param to points as {@code lon, lat} pairs in degrees
   * @return {@code from.length / 2} rows of {@code to.length / 2} distances, row-major
   */
  double[] distances(String database, double[] from, double[] to);

  /**
   * Which points lie inside a polygon, its edges taken as straight lines in the longitude/latitude
   * plane (callers check exactly on the sphere where that matters).
   *
   * @param database the tenant database the work is for (whose queue and usage it counts to)
   * @param shell the outer ring as {@code lon, lat} pairs, at least three points, not closed
   * @param holes inner rings in the same form
   * @param points {@code lon, lat} pairs
   * @return one flag per point
   */
  boolean[] insidePolygon(String database, double[] shell, List<double[]> holes, double[] points);

  /** Mean Earth radius (IUGG), the sphere every engine distance is measured on. */
  double EARTH_RADIUS_METRES = 6_371_008.8;
}
