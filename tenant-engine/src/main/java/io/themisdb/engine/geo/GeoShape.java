package io.themisdb.engine.geo;

import com.google.common.geometry.S2CellId;
import com.google.common.geometry.S2CellUnion;
import com.google.common.geometry.S2LatLng;
import com.google.common.geometry.S2Point;
import com.google.common.geometry.S2Polygon;
import com.google.common.geometry.S2Polyline;
import com.google.common.geometry.S2RegionCoverer;
import io.themisdb.engine.spi.BatchAccelerator;
import io.themisdb.engine.spi.CpuBatchAccelerator;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed geometry on the unit sphere: points, polylines and one polygon (all polygons of a
 * MultiPolygon together), any of them empty. Edges are geodesics (great-circle arcs), so a ring
 * from 170° to -170° crosses the antimeridian, not the whole globe. Immutable.
 */
public final class GeoShape {

  /** The GeoJSON geometry types. */
  public enum Type {
    POINT("Point"),
    MULTI_POINT("MultiPoint"),
    LINE_STRING("LineString"),
    MULTI_LINE_STRING("MultiLineString"),
    POLYGON("Polygon"),
    MULTI_POLYGON("MultiPolygon");

    private final String geoJson;

    Type(String geoJson) {
      this.geoJson = geoJson;
    }

    public String geoJson() {
      return geoJson;
    }
  }

  /** Two points closer than this angle (about 6 µm on Earth) are the same point. */
  private static final double SAME_POINT_RADIANS = 1e-12;

  private final Type type;
  private final List<S2Point> points;
  private final List<S2Polyline> lines;
  private final S2Polygon polygon;
  private final double anchorLon;
  private final double anchorLat;

  GeoShape(Type type, List<S2Point> points, List<S2Polyline> lines, S2Polygon polygon) {
    this.type = type;
    this.points = List.copyOf(points);
    this.lines = List.copyOf(lines);
    this.polygon = polygon;
    S2LatLng anchor = new S2LatLng(centroid());
    this.anchorLon = anchor.lngDegrees();
    this.anchorLat = anchor.latDegrees();
  }

  private GeoShape(double lon, double lat) {
    this.type = Type.POINT;
    this.points = List.of(S2LatLng.fromDegrees(lat, lon).toPoint());
    this.lines = List.of();
    this.polygon = null;
    // distances from a point use its coordinates exactly as given
    this.anchorLon = lon;
    this.anchorLat = lat;
  }

  /** A point; longitude and latitude in degrees, already checked. */
  static GeoShape point(double lon, double lat) {
    return new GeoShape(lon, lat);
  }

  public Type type() {
    return type;
  }

  public boolean isPoint() {
    return type == Type.POINT;
  }

  /**
   * Longitude in degrees of the point distances are measured from: the point itself, or the
   * centroid of any other shape (as ArangoDB's GEO_DISTANCE does).
   */
  public double anchorLon() {
    return anchorLon;
  }

  /** Latitude in degrees of {@link #anchorLon()}'s point. */
  public double anchorLat() {
    return anchorLat;
  }

  /** Great-circle distance in metres between the anchors of two shapes. */
  public double distanceMetres(GeoShape other) {
    return CpuBatchAccelerator.haversine(anchorLon, anchorLat, other.anchorLon, other.anchorLat);
  }

  /** Area in square metres on the engine's sphere; 0 for points and lines. */
  public double areaSquareMetres() {
    return polygon == null
        ? 0
        : polygon.getArea()
            * BatchAccelerator.EARTH_RADIUS_METRES
            * BatchAccelerator.EARTH_RADIUS_METRES;
  }

  /** The cells that together cover the shape, sorted and disjoint. */
  S2CellUnion covering(S2RegionCoverer coverer) {
    ArrayList<S2CellId> cells = new ArrayList<>();
    for (S2Point p : points) {
      cells.add(S2CellId.fromPoint(p));
    }
    ArrayList<S2CellId> part = new ArrayList<>();
    for (S2Polyline l : lines) {
      coverer.getCovering(l, part);
      cells.addAll(part);
    }
    if (polygon != null) {
      coverer.getCovering(polygon, part);
      cells.addAll(part);
    }
    S2CellUnion union = new S2CellUnion();
    union.initFromCellIds(cells);
    return union;
  }

  /** Whether every part of {@code other} lies inside this shape (boundaries of lines included). */
  public boolean contains(GeoShape other) {
    for (S2Point p : other.points) {
      if (!containsPoint(p)) {
        return false;
      }
    }
    for (S2Polyline l : other.lines) {
      if (!containsLine(l)) {
        return false;
      }
    }
    return other.polygon == null || (polygon != null && polygon.contains(other.polygon));
  }

  /** Whether the two shapes share at least one point. */
  public boolean intersects(GeoShape other) {
    for (S2Point p : other.points) {
      if (containsPoint(p)) {
        return true;
      }
    }
    for (S2Polyline l : other.lines) {
      if (intersectsLine(l)) {
        return true;
      }
    }
    if (other.polygon != null) {
      for (S2Point p : points) {
        if (other.polygon.contains(p)) {
          return true;
        }
      }
      for (S2Polyline l : lines) {
        if (lineMeetsPolygon(l, other.polygon)) {
          return true;
        }
      }
      return polygon != null && polygon.intersects(other.polygon);
    }
    return false;
  }

  private boolean containsPoint(S2Point p) {
    if (polygon != null && polygon.contains(p)) {
      return true;
    }
    for (S2Point q : points) {
      if (q.angle(p) <= SAME_POINT_RADIANS) {
        return true;
      }
    }
    for (S2Polyline l : lines) {
      if (onLine(l, p)) {
        return true;
      }
    }
    return false;
  }

  private boolean containsLine(S2Polyline line) {
    if (polygon != null) {
      return polygon.subtractFromPolyline(line).isEmpty();
    }
    // a line lies on one of ours when its vertices and the midpoints of its edges do: edges are
    // geodesics, and two geodesics through two common points coincide between them
    for (S2Polyline own : lines) {
      boolean all = true;
      for (int i = 0; all && i < line.numVertices(); i++) {
        all = onLine(own, line.vertex(i));
        if (all && i > 0) {
          all = onLine(own, S2Point.normalize(S2Point.add(line.vertex(i - 1), line.vertex(i))));
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private boolean intersectsLine(S2Polyline line) {
    for (S2Point p : points) {
      if (onLine(line, p)) {
        return true;
      }
    }
    for (S2Polyline own : lines) {
      if (own.intersects(line)) {
        return true;
      }
    }
    return polygon != null && lineMeetsPolygon(line, polygon);
  }

  private static boolean lineMeetsPolygon(S2Polyline line, S2Polygon polygon) {
    for (int i = 0; i < line.numVertices(); i++) {
      if (polygon.contains(line.vertex(i))) {
        return true;
      }
    }
    return !polygon.intersectWithPolyline(line).isEmpty();
  }

  private static boolean onLine(S2Polyline line, S2Point p) {
    return line.project(p).angle(p) <= SAME_POINT_RADIANS;
  }

  /**
   * The centroid on the sphere: the polygon's area centroid, else the length-weighted centroid of
   * the lines, else the mean of the points; a degenerate mean (antipodal points) falls back to the
   * first vertex.
   */
  private S2Point centroid() {
    S2Point sum = new S2Point(0, 0, 0);
    if (polygon != null) {
      sum = polygon.getCentroid();
    } else if (!lines.isEmpty()) {
      for (S2Polyline l : lines) {
        for (int i = 1; i < l.numVertices(); i++) {
          S2Point a = l.vertex(i - 1);
          S2Point b = l.vertex(i);
          S2Point mid = S2Point.normalize(S2Point.add(a, b));
          sum = S2Point.add(sum, S2Point.mul(mid, a.angle(b)));
        }
      }
    } else {
      for (S2Point p : points) {
        sum = S2Point.add(sum, p);
      }
    }
    if (sum.norm() < 1e-15) {
      return polygon != null
          ? polygon.loop(0).vertex(0)
          : !lines.isEmpty() ? lines.getFirst().vertex(0) : points.getFirst();
    }
    return S2Point.normalize(sum);
  }
}
