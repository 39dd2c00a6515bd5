package io.themisdb.gpu.job;

import java.util.List;
import java.util.Objects;

/**
 * Which {@code points} lie inside {@code polygon} (inside the shell and outside every hole), by ray
 * casting. Points exactly on an edge may go either way.
 */
public record PointInPolygonJob(Polygon polygon, List<GeoPoint> points)
    implements Job<Containment> {

  public static final int MAX_POINTS = 16 << 20;

  public PointInPolygonJob {
    Objects.requireNonNull(polygon, "polygon");
    points = List.copyOf(points);
    if (points.isEmpty() || points.size() > MAX_POINTS) {
      throw new InvalidJobException(
          "points must hold 1 to " + MAX_POINTS + " points, held " + points.size());
    }
  }

  @Override
  public int cost() {
    return Job.geoCost((long) points.size());
  }
}
