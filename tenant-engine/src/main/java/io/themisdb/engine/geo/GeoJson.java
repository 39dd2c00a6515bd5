package io.themisdb.engine.geo;

import com.google.common.geometry.S2Error;
import com.google.common.geometry.S2LatLng;
import com.google.common.geometry.S2Loop;
import com.google.common.geometry.S2Point;
import com.google.common.geometry.S2Polygon;
import com.google.common.geometry.S2Polyline;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads GeoJSON geometries (RFC 7946: Point, MultiPoint, LineString, MultiLineString, Polygon with
 * holes, MultiPolygon) and {@code [lon, lat]} pairs into {@link GeoShape}s. Positions are {@code
 * [lon, lat]} or {@code [lon, lat, altitude]} in degrees; the altitude is ignored. Ring orientation
 * does not matter: each ring bounds the smaller of the two regions it separates, so a polygon
 * covers at most a hemisphere.
 */
public final class GeoJson {
  private GeoJson() {}

  /** The shape, or an exception saying precisely what is wrong. */
  public static GeoShape parse(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      throw new InvalidGeoJsonException("expected a GeoJSON geometry or [lon, lat], got null");
    }
    if (value.isArray()) {
      double[] p = position(value, "[lon, lat]");
      return GeoShape.point(p[0], p[1]);
    }
    if (!value.isObject()) {
      throw new InvalidGeoJsonException(
          "expected a GeoJSON geometry or [lon, lat], got " + kind(value));
    }
    JsonNode type = value.get("type");
    if (type == null || !type.isString()) {
      throw new InvalidGeoJsonException("a GeoJSON geometry needs a string attribute 'type'");
    }
    JsonNode coordinates = value.get("coordinates");
    String t = type.stringValue();
    if (coordinates == null || !coordinates.isArray()) {
      throw new InvalidGeoJsonException("a GeoJSON " + t + " needs an array 'coordinates'");
    }
    return switch (t) {
      case "Point" -> {
        double[] p = position(coordinates, "Point coordinates");
        yield GeoShape.point(p[0], p[1]);
      }
      case "MultiPoint" -> {
        List<S2Point> points = new ArrayList<>();
        for (int i = 0; i < coordinates.size(); i++) {
          points.add(point(position(coordinates.get(i), "MultiPoint position " + i)));
        }
        nonEmpty(points, "MultiPoint");
        yield new GeoShape(GeoShape.Type.MULTI_POINT, points, List.of(), null);
      }
      case "LineString" ->
          new GeoShape(
              GeoShape.Type.LINE_STRING, List.of(), List.of(line(coordinates, "LineString")), null);
      case "MultiLineString" -> {
        List<S2Polyline> lines = new ArrayList<>();
        for (int i = 0; i < coordinates.size(); i++) {
          lines.add(line(coordinates.get(i), "MultiLineString line " + i));
        }
        nonEmpty(lines, "MultiLineString");
        yield new GeoShape(GeoShape.Type.MULTI_LINE_STRING, List.of(), lines, null);
      }
      case "Polygon" ->
          new GeoShape(
              GeoShape.Type.POLYGON, List.of(), List.of(), polygon(coordinates, "Polygon"));
      case "MultiPolygon" -> multiPolygon(coordinates);
      default ->
          throw new InvalidGeoJsonException(
              "unsupported GeoJSON type '"
                  + t
                  + "'; supported: Point, MultiPoint, LineString, MultiLineString, Polygon,"
                  + " MultiPolygon");
    };
  }

  /** The shape, or null when the value is not a valid geometry (a geo index skips such values). */
  public static GeoShape tryParse(JsonNode value) {
    try {
      return parse(value);
    } catch (InvalidGeoJsonException e) {
      return null;
    }
  }

  /** A point from longitude and latitude in degrees, checked like a GeoJSON position. */
  public static GeoShape point(double lon, double lat) {
    checkRange(lon, lat, "point");
    return GeoShape.point(lon, lat);
  }

  // --- positions, lines, rings ---

  private static double[] position(JsonNode node, String where) {
    if (node == null || !node.isArray() || node.size() < 2 || node.size() > 3) {
      throw new InvalidGeoJsonException(
          where + ": a position is an array [lon, lat] or [lon, lat, altitude], got " + kind(node));
    }
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isNumber()) {
        throw new InvalidGeoJsonException(
            where + ": position element " + i + " is " + kind(node.get(i)) + ", not a number");
      }
    }
    double lon = node.get(0).doubleValue();
    double lat = node.get(1).doubleValue();
    checkRange(lon, lat, where);
    return new double[] {lon, lat};
  }

  private static void checkRange(double lon, double lat, String where) {
    if (!(lon >= -180 && lon <= 180)) {
      throw new InvalidGeoJsonException(
          where + ": longitude " + lon + " is outside [-180, 180] (positions are [lon, lat])");
    }
    if (!(lat >= -90 && lat <= 90)) {
      throw new InvalidGeoJsonException(
          where + ": latitude " + lat + " is outside [-90, 90] (positions are [lon, lat])");
    }
  }

  private static S2Point point(double[] lonLat) {
    return S2LatLng.fromDegrees(lonLat[1], lonLat[0]).toPoint();
  }

  /** The positions of an array, with repeated consecutive positions dropped. */
  private static List<S2Point> positions(JsonNode array, String where) {
    if (array == null || !array.isArray()) {
      throw new InvalidGeoJsonException(
          where + ": expected an array of positions, got " + kind(array));
    }
    List<S2Point> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      S2Point p = point(position(array.get(i), where + " position " + i));
      // [180, 0] and [-180, 0] are one point on the sphere; S2 sees them as equal too
      if (out.isEmpty() || !out.getLast().equalsPoint(p)) {
        out.add(p);
      }
    }
    return out;
  }

  private static S2Polyline line(JsonNode coordinates, String where) {
    List<S2Point> vertices = positions(coordinates, where);
    if (vertices.size() < 2) {
      throw new InvalidGeoJsonException(where + " needs at least two distinct positions");
    }
    for (int i = 1; i < vertices.size(); i++) {
      // antipodal up to rounding: [0, 0] and [180, 0] do not convert to exact opposites
      if (vertices.get(i - 1).angle(vertices.get(i)) >= Math.PI - 1e-12) {
        throw new InvalidGeoJsonException(
            where
                + ": positions "
                + (i - 1)
                + " and "
                + i
                + " are antipodal, so the geodesic between them is undefined");
      }
    }
    return new S2Polyline(vertices);
  }

  private static S2Loop ring(JsonNode coordinates, String where) {
    if (coordinates == null || !coordinates.isArray() || coordinates.size() < 4) {
      throw new InvalidGeoJsonException(
          where + ": a linear ring needs at least four positions, the last equal to the first");
    }
    List<S2Point> vertices = positions(coordinates, where);
    if (!vertices.getFirst().equalsPoint(vertices.getLast())) {
      throw new InvalidGeoJsonException(
          where + " is not closed: its first and last positions differ");
    }
    vertices.removeLast();
    if (vertices.size() < 3) {
      throw new InvalidGeoJsonException(where + " needs at least three distinct positions");
    }
    S2Loop loop = new S2Loop(vertices);
    S2Error error = new S2Error();
    if (loop.findValidationError(error)) {
      throw new InvalidGeoJsonException(where + " is invalid: " + error.text());
    }
    loop.normalize();
    return loop;
  }

  private static S2Polygon polygon(JsonNode coordinates, String where) {
    if (coordinates.isEmpty()) {
      throw new InvalidGeoJsonException(where + " needs at least an outer ring");
    }
    S2Loop shell = ring(coordinates.get(0), where + " outer ring");
    List<S2Loop> loops = new ArrayList<>();
    loops.add(shell);
    for (int i = 1; i < coordinates.size(); i++) {
      S2Loop hole = ring(coordinates.get(i), where + " hole " + i);
      if (!shell.contains(hole)) {
        throw new InvalidGeoJsonException(where + " hole " + i + " is not inside the outer ring");
      }
      loops.add(hole);
    }
    return validPolygon(loops, where);
  }

  private static S2Polygon validPolygon(List<S2Loop> loops, String where) {
    S2Polygon polygon = new S2Polygon(new ArrayList<>(loops));
    S2Error error = new S2Error();
    if (polygon.findValidationError(error)) {
      throw new InvalidGeoJsonException(where + " is invalid: " + error.text());
    }
    return polygon;
  }

  private static GeoShape multiPolygon(JsonNode coordinates) {
    List<S2Polygon> parts = new ArrayList<>();
    for (int i = 0; i < coordinates.size(); i++) {
      JsonNode c = coordinates.get(i);
      if (!c.isArray()) {
        throw new InvalidGeoJsonException(
            "MultiPolygon polygon " + i + ": expected an array of rings, got " + kind(c));
      }
      S2Polygon p = polygon(c, "MultiPolygon polygon " + i);
      for (int j = 0; j < parts.size(); j++) {
        if (parts.get(j).intersects(p)) {
          throw new InvalidGeoJsonException(
              "MultiPolygon polygons " + j + " and " + i + " overlap or touch");
        }
      }
      parts.add(p);
    }
    nonEmpty(parts, "MultiPolygon");
    List<S2Loop> loops = new ArrayList<>();
    for (S2Polygon p : parts) {
      for (int i = 0; i < p.numLoops(); i++) {
        loops.add(new S2Loop(p.loop(i)));
      }
    }
    return new GeoShape(
        GeoShape.Type.MULTI_POLYGON, List.of(), List.of(), validPolygon(loops, "MultiPolygon"));
  }

  private static void nonEmpty(List<?> parts, String type) {
    if (parts.isEmpty()) {
      throw new InvalidGeoJsonException("a " + type + " needs at least one member");
    }
  }

  private static String kind(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "nothing";
    }
    return switch (v.getNodeType()) {
      case ARRAY -> "an array of " + v.size();
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> v.getNodeType().name().toLowerCase();
    };
  }
}
