package io.themisdb.gpu.job;

import java.util.List;

/**
 * A simple polygon with holes, in degrees. Edges are straight lines in the longitude/latitude plane
 * (no antimeridian crossing). Rings need not repeat their first point; each needs at least three
 * distinct points.
 */
public record Polygon(List<GeoPoint> shell, List<List<GeoPoint>> holes) {

  public Polygon {
    shell = List.copyOf(shell);
    holes = holes.stream().map(List::copyOf).toList();
    requireRing(shell, "shell");
    for (int i = 0; i < holes.size(); i++) {
      requireRing(holes.get(i), "hole " + i);
    }
  }

  public static Polygon of(List<GeoPoint> shell) {
    return new Polygon(shell, List.of());
  }

  private static void requireRing(List<GeoPoint> ring, String name) {
    if (ring.size() < 3) {
      throw new InvalidJobException(name + " needs at least 3 points, had " + ring.size());
    }
  }
}
