package io.themisdb.engine.aql.functions;

import static io.themisdb.engine.aql.value.Values.NULL;

import io.themisdb.engine.aql.AqlExecutionException;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.geo.GeoJson;
import io.themisdb.engine.geo.GeoShape;
import io.themisdb.engine.spi.CpuBatchAccelerator;
import java.util.List;
import java.util.function.BiPredicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Geo functions as in ArangoDB, on a sphere of radius {@link
 * io.themisdb.engine.spi.BatchAccelerator#EARTH_RADIUS_METRES}: a geo value is a GeoJSON geometry
 * or a {@code [lon, lat]} pair; an invalid one gives null. Distances of shapes other than points
 * are measured from their centroids.
 */
public final class GeoFunctions {
  private GeoFunctions() {}

  static void register(FunctionLibrary.Registrar r) {
    r.add("DISTANCE", 4, 4, (a, c) -> distance(a));
    r.add(
        "GEO_DISTANCE",
        2,
        3,
        (a, c) -> {
          sphereOnly("GEO_DISTANCE", a, 2);
          GeoShape x = shape(a.get(0));
          GeoShape y = shape(a.get(1));
          return x == null || y == null ? NULL : Values.number(x.distanceMetres(y));
        });
    r.add(
        "GEO_AREA",
        1,
        2,
        (a, c) -> {
          sphereOnly("GEO_AREA", a, 1);
          GeoShape x = shape(a.get(0));
          return x == null ? NULL : Values.number(x.areaSquareMetres());
        });
    r.add("GEO_CONTAINS", 2, 2, (a, c) -> predicate(a, GeoShape::contains));
    r.add("GEO_INTERSECTS", 2, 2, (a, c) -> predicate(a, GeoShape::intersects));
    r.add(
        "GEO_EQUALS",
        2,
        2,
        (a, c) -> predicate(a, (x, y) -> x.type() == y.type() && x.contains(y) && y.contains(x)));
    r.add("GEO_IN_RANGE", 4, 6, (a, c) -> inRange(a));
    r.add("GEO_POINT", 2, 2, (a, c) -> point(a.get(0), a.get(1)));
    r.add("GEO_MULTIPOINT", 1, 1, (a, c) -> geometry("MultiPoint", a.get(0)));
    r.add("GEO_LINESTRING", 1, 1, (a, c) -> geometry("LineString", a.get(0)));
    r.add("GEO_MULTILINESTRING", 1, 1, (a, c) -> geometry("MultiLineString", a.get(0)));
    r.add("GEO_POLYGON", 1, 1, (a, c) -> polygon(a.get(0)));
    r.add("GEO_MULTIPOLYGON", 1, 1, (a, c) -> geometry("MultiPolygon", a.get(0)));
    r.add("GEO_DISTANCES", 2, 2, (a, c) -> distances(a.get(0), a.get(1), c));
  }

  /**
   * The shape of an AQL value, or null when it is not a valid geo value. The last few values are
   * remembered by identity, so a bind parameter polygon is parsed once per query, not per row.
   */
  public static GeoShape shape(JsonNode value) {
    return CACHE.get().shape(value);
  }

  private static final ThreadLocal<ShapeCache> CACHE = ThreadLocal.withInitial(ShapeCache::new);

  /**
   * A tiny identity cache: the values one FILTER compares against are the same objects row after
   * row. A value found again moves to the first slot, which new values never overwrite, so one
   * document's polygon after another does not evict the bind parameter's.
   */
  private static final class ShapeCache {
    private final JsonNode[] keys = new JsonNode[4];
    private final GeoShape[] shapes = new GeoShape[4];
    private int next = 1;

    GeoShape shape(JsonNode value) {
      if (!value.isArray() && !value.isObject()) {
        return null;
      }
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] == value) {
          GeoShape s = shapes[i];
          keys[i] = keys[0];
          shapes[i] = shapes[0];
          keys[0] = value;
          shapes[0] = s;
          return s;
        }
      }
      GeoShape s = GeoJson.tryParse(value);
      // points are as cheap to parse as to look up
      if (s != null && !s.isPoint()) {
        keys[next] = value;
        shapes[next] = s;
        next = next == keys.length - 1 ? 1 : next + 1;
      }
      return s;
    }
  }

  private static void sphereOnly(String name, List<JsonNode> a, int at) {
    if (a.size() > at) {
      JsonNode e = a.get(at);
      if (!e.isString() || !e.stringValue().equalsIgnoreCase("sphere")) {
        throw new AqlExecutionException(
            name + " measures on a sphere only; the ellipsoid must be \"sphere\", got " + e);
      }
    }
  }

  private static JsonNode distance(List<JsonNode> a) {
    for (JsonNode v : a) {
      if (!v.isNumber()) {
        return NULL;
      }
    }
    double lat1 = a.get(0).doubleValue();
    double lon1 = a.get(1).doubleValue();
    double lat2 = a.get(2).doubleValue();
    double lon2 = a.get(3).doubleValue();
    if (Math.abs(lat1) > 90
        || Math.abs(lat2) > 90
        || Math.abs(lon1) > 180
        || Math.abs(lon2) > 180) {
      return NULL;
    }
    return Values.number(CpuBatchAccelerator.haversine(lon1, lat1, lon2, lat2));
  }

  private static JsonNode predicate(List<JsonNode> a, BiPredicate<GeoShape, GeoShape> test) {
    GeoShape x = shape(a.get(0));
    GeoShape y = shape(a.get(1));
    return x == null || y == null ? NULL : Values.bool(test.test(x, y));
  }

  /** Whether the distance lies between low and high, each bound inclusive unless said otherwise. */
  private static JsonNode inRange(List<JsonNode> a) {
    GeoShape x = shape(a.get(0));
    GeoShape y = shape(a.get(1));
    if (x == null || y == null || !a.get(2).isNumber() || !a.get(3).isNumber()) {
      return NULL;
    }
    boolean includeLow = a.size() <= 4 || Values.truthy(a.get(4));
    boolean includeHigh = a.size() <= 5 || Values.truthy(a.get(5));
    double d = x.distanceMetres(y);
    double low = a.get(2).doubleValue();
    double high = a.get(3).doubleValue();
    return Values.bool((includeLow ? d >= low : d > low) && (includeHigh ? d <= high : d < high));
  }

  private static JsonNode point(JsonNode lon, JsonNode lat) {
    if (!lon.isNumber() || !lat.isNumber()) {
      return NULL;
    }
    ArrayNode coordinates = Values.array().add(lon).add(lat);
    return GeoJson.tryParse(coordinates) == null ? NULL : geoJson("Point", coordinates);
  }

  /** GEO_POLYGON takes one ring of positions, or an array of rings (the outer ring, then holes). */
  private static JsonNode polygon(JsonNode rings) {
    if (rings.isArray() && !rings.isEmpty() && rings.get(0).isArray()) {
      JsonNode first = rings.get(0);
      boolean oneRing = !first.isEmpty() && first.get(0).isNumber();
      return geometry("Polygon", oneRing ? Values.array().add(rings) : rings);
    }
    return NULL;
  }

  private static JsonNode geometry(String type, JsonNode coordinates) {
    if (!coordinates.isArray()) {
      return NULL;
    }
    ObjectNode g = geoJson(type, coordinates);
    return GeoJson.tryParse(g) == null ? NULL : g;
  }

  private static ObjectNode geoJson(String type, JsonNode coordinates) {
    ObjectNode g = Values.object().put("type", type);
    g.set("coordinates", coordinates);
    return g;
  }

  /**
   * Every distance between two lists of geo values, as rows: one batch for the engine's {@link
   * io.themisdb.engine.spi.BatchAccelerator} (the GPU service when the host has one).
   */
  private static JsonNode distances(JsonNode from, JsonNode to, FunctionContext c) {
    double[] a = anchors(from);
    double[] b = anchors(to);
    if (a == null || b == null) {
      return NULL;
    }
    double[] d = c.accelerator().distances(c.databaseName(), a, b);
    int m = b.length / 2;
    ArrayNode rows = Values.array();
    for (int i = 0; i < a.length / 2; i++) {
      ArrayNode row = rows.addArray();
      for (int j = 0; j < m; j++) {
        row.add(d[i * m + j]);
      }
    }
    return rows;
  }

  private static double[] anchors(JsonNode values) {
    if (!values.isArray()) {
      return null;
    }
    double[] out = new double[values.size() * 2];
    for (int i = 0; i < values.size(); i++) {
      GeoShape s = shape(values.get(i));
      if (s == null) {
        return null;
      }
      out[2 * i] = s.anchorLon();
      out[2 * i + 1] = s.anchorLat();
    }
    return out;
  }
}
