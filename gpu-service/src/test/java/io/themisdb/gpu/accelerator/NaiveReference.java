package io.themisdb.gpu.accelerator;

import io.themisdb.gpu.job.GeoPoint;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.job.Polygon;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The obvious, slow answers in double precision that every accelerator is checked against. Written
 * independently of the accelerators: sorting instead of heaps, winding numbers instead of ray
 * casting.
 */
final class NaiveReference {

  private NaiveReference() {}

  /** Distance of every row of the set from query {@code q}, in double precision. */
  static double[] distances(VectorData set, Metric metric, float[] queries, int q) {
    int d = set.dimension();
    double[] out = new double[set.size()];
    double queryNorm = 0;
    for (int i = 0; i < d; i++) {
      queryNorm += (double) queries[q * d + i] * queries[q * d + i];
    }
    queryNorm = Math.sqrt(queryNorm);
    for (int row = 0; row < set.size(); row++) {
      double dot = 0, l2 = 0, norm = 0;
      for (int i = 0; i < d; i++) {
        double a = queries[q * d + i];
        double b = set.vectors()[row * d + i];
        dot += a * b;
        l2 += (a - b) * (a - b);
        norm += b * b;
      }
      out[row] =
          switch (metric) {
            case L2 -> l2;
            case DOT -> -dot;
            case COSINE ->
                queryNorm * Math.sqrt(norm) == 0 ? 1 : 1 - dot / (queryNorm * Math.sqrt(norm));
          };
    }
    return out;
  }

  /** Rows sorted by distance, the first {@code k}. */
  static Integer[] nearestRows(double[] distances, int k) {
    Integer[] rows = new Integer[distances.length];
    Arrays.setAll(rows, i -> i);
    Arrays.sort(rows, Comparator.comparingDouble(r -> distances[r]));
    return Arrays.copyOf(rows, Math.min(k, rows.length));
  }

  static double haversine(GeoPoint a, GeoPoint b) {
    double dLat = Math.toRadians(b.latitude() - a.latitude());
    double dLon = Math.toRadians(b.longitude() - a.longitude());
    double h =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(a.latitude()))
                * Math.cos(Math.toRadians(b.latitude()))
                * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * GeoPoint.EARTH_RADIUS_METRES * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
  }

  /** Inside the shell and inside no hole, by winding number. */
  static boolean inside(Polygon polygon, GeoPoint p) {
    if (winding(polygon.shell(), p) == 0) {
      return false;
    }
    return polygon.holes().stream().allMatch(hole -> winding(hole, p) == 0);
  }

  private static int winding(List<GeoPoint> ring, GeoPoint p) {
    int wn = 0;
    double x = p.longitude();
    double y = p.latitude();
    for (int i = 0; i < ring.size(); i++) {
      GeoPoint a = ring.get(i);
      GeoPoint b = ring.get((i + 1) % ring.size());
      double side =
          (b.longitude() - a.longitude()) * (y - a.latitude())
              - (x - a.longitude()) * (b.latitude() - a.latitude());
      if (a.latitude() <= y) {
        if (b.latitude() > y && side > 0) {
          wn++;
        }
      } else if (b.latitude() <= y && side < 0) {
        wn--;
      }
    }
    return wn;
  }
}
