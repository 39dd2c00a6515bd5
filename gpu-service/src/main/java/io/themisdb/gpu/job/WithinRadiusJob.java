package io.themisdb.gpu.job;

import java.util.List;
import java.util.Objects;

/** The points whose haversine distance from {@code centre} is at most {@code radiusMetres}. */
public record WithinRadiusJob(GeoPoint centre, double radiusMetres, List<GeoPoint> points)
    implements Job<RadiusMatches> {

  public static final int MAX_POINTS = 16 << 20;

  public WithinRadiusJob {
    Objects.requireNonNull(centre, "centre");
    points = List.copyOf(points);
    if (!(radiusMetres >= 0) || Double.isInfinite(radiusMetres)) {
      throw new InvalidJobException("radiusMetres must be finite and >= 0, was " + radiusMetres);
    }
    if (points.isEmpty() || points.size() > MAX_POINTS) {
      throw new InvalidJobException(
          "points must hold 1 to " + MAX_POINTS + " points, held " + points.size());
    }
  }

  @Override
  public int cost() {
    return Job.geoCost(points.size());
  }
}
