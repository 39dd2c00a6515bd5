package io.themisdb.engine.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/** The engine's own {@link BatchAccelerator}: straightforward loops, parallel across queries. */
public final class CpuBatchAccelerator implements BatchAccelerator {

  @Override
  public String id() {
    return "cpu";
  }

  @Override
  public List<List<Neighbour>> nearest(VectorSet set, VectorMetric metric, float[] queries, int k) {
    int d = set.dimension();
    if (queries.length % d != 0) {
      throw new IllegalArgumentException(
          "queries hold " + queries.length + " floats, not a multiple of dimension " + d);
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, was " + k);
    }
    float[] rows = set.rows().get();
    int count = rows.length / d;
    return IntStream.range(0, queries.length / d)
        .parallel()
        .mapToObj(
            q -> {
              float[] query = new float[d];
              System.arraycopy(queries, q * d, query, 0, d);
              // a max-heap of the best k so far: the worst of them is evicted first
              PriorityQueue<Neighbour> best =
                  new PriorityQueue<>(
                      (a, b) ->
                          a.distance() != b.distance()
                              ? Float.compare(b.distance(), a.distance())
                              : Integer.compare(b.row(), a.row()));
              for (int r = 0; r < count; r++) {
                best.add(new Neighbour(r, metric.distance(query, rows, r * d)));
                if (best.size() > k) {
                  best.poll();
                }
              }
              List<Neighbour> nearestFirst = new ArrayList<>(best);
              nearestFirst.sort(
                  (a, b) ->
                      a.distance() != b.distance()
                          ? Float.compare(a.distance(), b.distance())
                          : Integer.compare(a.row(), b.row()));
              return List.copyOf(nearestFirst);
            })
        .toList();
  }

  @Override
  public double[] distances(String database, double[] from, double[] to) {
    int n = from.length / 2;
    int m = to.length / 2;
    double[] out = new double[n * m];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              for (int j = 0; j < m; j++) {
                out[i * m + j] = haversine(from[2 * i], from[2 * i + 1], to[2 * j], to[2 * j + 1]);
              }
            });
    return out;
  }

  /** Great-circle distance in metres between two {@code lon, lat} points in degrees. */
  public static double haversine(double lon1, double lat1, double lon2, double lat2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lon2 - lon1);
    double h =
        Math.sin(dp / 2) * Math.sin(dp / 2)
            + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  @Override
  public boolean[] insidePolygon(
      String database, double[] shell, List<double[]> holes, double[] points) {
    boolean[] inside = new boolean[points.length / 2];
    for (int i = 0; i < inside.length; i++) {
      double x = points[2 * i];
      double y = points[2 * i + 1];
      boolean in = inRing(shell, x, y);
      for (int h = 0; in && h < holes.size(); h++) {
        in = !inRing(holes.get(h), x, y);
      }
      inside[i] = in;
    }
    return inside;
  }

  /** Even-odd ray casting; the ring is implicitly closed. */
  private static boolean inRing(double[] ring, double x, double y) {
    boolean in = false;
    int n = ring.length / 2;
    for (int i = 0, j = n - 1; i < n; j = i++) {
      double xi = ring[2 * i];
      double yi = ring[2 * i + 1];
      double xj = ring[2 * j];
      double yj = ring[2 * j + 1];
      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
        in = !in;
      }
    }
    return in;
  }
}
