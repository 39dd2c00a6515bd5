package io.themisdb.gpu.accelerator.cpu;

import io.themisdb.gpu.job.GeoPoint;
import io.themisdb.gpu.job.Polygon;
import java.util.List;

/**
 * Exact geo predicates in double precision, shared by every accelerator (the CUDA one checks its
 * haversine against the same formula).
 */
public final class GeoKernels {

  private GeoKernels() {}

  /**
   * Haversine great-circle distance in metres on a sphere of {@link GeoPoint#EARTH_RADIUS_METRES}.
   */
  public static double haversineMetres(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double sinDPhi = Math.sin((phi2 - phi1) * 0.5);
    double sinDLambda = Math.sin(Math.toRadians(lon2 - lon1) * 0.5);
    double h = sinDPhi * sinDPhi + Math.cos(phi1) * Math.cos(phi2) * sinDLambda * sinDLambda;
    return 2 * GeoPoint.EARTH_RADIUS_METRES * Math.asin(Math.sqrt(Math.min(1, h)));
  }

  /** A polygon flattened for ray casting: rings as (x = longitude, y = latitude) arrays. */
  public record FlatPolygon(
      double[][] xs, double[][] ys, double minX, double maxX, double minY, double maxY) {

    public static FlatPolygon of(Polygon polygon) {
      int rings = 1 + polygon.holes().size();
      double[][] xs = new double[rings][];
      double[][] ys = new double[rings][];
      fill(polygon.shell(), xs, ys, 0);
      for (int i = 0; i < polygon.holes().size(); i++) {
        fill(polygon.holes().get(i), xs, ys, i + 1);
      }
      double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE;
      double minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
      for (int i = 0; i < xs[0].length; i++) {
        minX = Math.min(minX, xs[0][i]);
        maxX = Math.max(maxX, xs[0][i]);
        minY = Math.min(minY, ys[0][i]);
        maxY = Math.max(maxY, ys[0][i]);
      }
      return new FlatPolygon(xs, ys, minX, maxX, minY, maxY);
    }

    private static void fill(List<GeoPoint> ring, double[][] xs, double[][] ys, int at) {
      xs[at] = ring.stream().mapToDouble(GeoPoint::longitude).toArray();
      ys[at] = ring.stream().mapToDouble(GeoPoint::latitude).toArray();
    }

    /**
     * Even-odd ray casting over all rings: a point inside the shell and inside no hole crosses an
     * odd number of edges. Each edge counts when it straddles the point's latitude half-open (one
     * end strictly above), so a vertex on the ray counts once.
     */
    public boolean contains(double x, double y) {
      if (x < minX || x > maxX || y < minY || y > maxY) {
        return false;
      }
      boolean inside = false;
      for (int r = 0; r < xs.length; r++) {
        double[] rx = xs[r];
        double[] ry = ys[r];
        for (int i = 0, j = rx.length - 1; i < rx.length; j = i++) {
          if ((ry[i] > y) != (ry[j] > y)
              && x < (rx[j] - rx[i]) * (y - ry[i]) / (ry[j] - ry[i]) + rx[i]) {
            inside = !inside;
          }
        }
      }
      return inside;
    }
  }
}
