package io.themisdb.engine.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.ScanPage;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.Transaction;
import io.themisdb.engine.UnknownIndexException;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.spi.CpuBatchAccelerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The geo index against brute force: every search is compared with the exact predicate applied to
 * every document, on seeded random points and shapes that include the antimeridian and both poles.
 */
class GeoIndexTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final JsonNodeFactory N = JsonNodeFactory.instance;

  /** Centres that stress the sphere: both sides of the antimeridian, both poles, near them. */
  static final double[][] HARD_CENTRES = {
    {180, 0}, {-180, 10}, {179.99, -45}, {-179.5, 60}, {0, 90}, {0, -90}, {45, 89.9}, {-120, -89.5}
  };

  @TempDir Path root;
  EngineHost host;
  TenantDatabase db;

  @BeforeEach
  void start() {
    host =
        EngineHost.start(
            EngineSettings.defaults(root)
                .withMemoryBudget(32L << 20)
                .withIdleTimeout(Duration.ZERO)
                .withLockTimeout(Duration.ofMillis(200)));
    db = host.create("acme");
    db.createCollection("places", CollectionType.DOCUMENT);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  // ------------------------------------------------------------ data

  /** Longitude and latitude of a random point: uniform on the sphere, or near a hard centre. */
  static double[] randomPoint(Random r) {
    if (r.nextInt(3) == 0) {
      double[] c = HARD_CENTRES[r.nextInt(HARD_CENTRES.length)];
      double lon = c[0] + (r.nextDouble() - 0.5) * 6;
      double lat = Math.max(-90, Math.min(90, c[1] + (r.nextDouble() - 0.5) * 6));
      return new double[] {wrap(lon), lat};
    }
    return new double[] {
      r.nextDouble() * 360 - 180, Math.toDegrees(Math.asin(r.nextDouble() * 2 - 1))
    };
  }

  static double wrap(double lon) {
    return lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
  }

  static ArrayNode pair(double[] p) {
    return N.arrayNode().add(p[0]).add(p[1]);
  }

  /** A convex polygon ring around a centre: {@code n} vertices at {@code degrees} of arc. */
  static ObjectNode polygon(double[] c, double degrees, int n, double holeDegrees) {
    ArrayNode rings = N.arrayNode();
    rings.add(ring(c, degrees, n));
    if (holeDegrees > 0) {
      rings.add(ring(c, holeDegrees, n));
    }
    ObjectNode o = N.objectNode().put("type", "Polygon");
    o.set("coordinates", rings);
    return o;
  }

  static ArrayNode ring(double[] c, double degrees, int n) {
    ArrayNode ring = N.arrayNode();
    for (int i = 0; i <= n; i++) {
      ring.add(pair(destination(c, degrees, 360.0 * (i % n) / n)));
    }
    return ring;
  }

  /** The point {@code degrees} of arc from {@code c} along bearing {@code bearing}. */
  static double[] destination(double[] c, double degrees, double bearing) {
    // at a pole every direction is south (or north): step off it so bearings mean something
    double lat1 = Math.toRadians(Math.max(-89.999, Math.min(89.999, c[1])));
    double lon1 = Math.toRadians(c[0]);
    double d = Math.toRadians(degrees);
    double b = Math.toRadians(bearing);
    double lat2 =
        Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
    double lon2 =
        lon1
            + Math.atan2(
                Math.sin(b) * Math.sin(d) * Math.cos(lat1),
                Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
    return new double[] {wrap(Math.toDegrees(lon2)), Math.toDegrees(lat2)};
  }

  static ObjectNode line(double[] a, double[] b) {
    ObjectNode o = N.objectNode().put("type", "LineString");
    o.set("coordinates", N.arrayNode().add(pair(a)).add(pair(b)));
    return o;
  }

  static ObjectNode doc(String key, JsonNode loc) {
    ObjectNode d = N.objectNode().put("_key", key);
    if (loc != null) {
      d.set("loc", loc);
    }
    return d;
  }

  /** Points, some shapes, and documents without a valid location. */
  List<ObjectNode> randomDocuments(Random r, int count) {
    List<ObjectNode> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = String.format("d%05d", i);
      int kind = r.nextInt(20);
      JsonNode loc =
          switch (kind) {
            case 0 -> polygon(randomPoint(r), 0.5 + r.nextDouble() * 4, 3 + r.nextInt(5), 0);
            case 1 -> line(randomPoint(r), randomPoint(r));
            case 2 -> null;
            case 3 -> N.stringNode("nowhere");
            default ->
                r.nextBoolean()
                    ? pair(randomPoint(r))
                    : N.objectNode().put("type", "Point").set("coordinates", pair(randomPoint(r)));
          };
      docs.add(doc(key, loc));
    }
    return docs;
  }

  List<ObjectNode> all() {
    List<ObjectNode> out = new ArrayList<>();
    String after = null;
    do {
      ScanPage p = db.scan("places", after, 1000);
      out.addAll(p.documents());
      after = p.resumeAfter();
    } while (after != null);
    return out;
  }

  static String key(ObjectNode d) {
    return d.get("_key").stringValue();
  }

  // ------------------------------------------------------------ brute force

  List<GeoHit> bruteWithin(double[] c, double metres) {
    List<GeoHit> hits = new ArrayList<>();
    for (ObjectNode d : all()) {
      GeoShape s = GeoJson.tryParse(d.get("loc"));
      if (s != null) {
        double m = CpuBatchAccelerator.haversine(s.anchorLon(), s.anchorLat(), c[0], c[1]);
        if (m <= metres) {
          hits.add(new GeoHit(key(d), s.anchorLon(), s.anchorLat(), m));
        }
      }
    }
    hits.sort(GeoSearch.NEAREST_FIRST);
    return hits;
  }

  List<String> bruteMatching(GeoShape region, BiPredicate<GeoShape, GeoShape> exact) {
    List<String> keys = new ArrayList<>();
    for (ObjectNode d : all()) {
      GeoShape s = GeoJson.tryParse(d.get("loc"));
      if (s != null && exact.test(region, s)) {
        keys.add(key(d));
      }
    }
    return keys;
  }

  List<String> indexMatching(String index, GeoShape region, BiPredicate<GeoShape, GeoShape> exact) {
    try (Transaction t = db.begin()) {
      return GeoSearch.matching(t.geoIndex("places", index), region, s -> exact.test(region, s));
    }
  }

  List<String> keys(List<GeoHit> hits) {
    return hits.stream().map(GeoHit::key).toList();
  }

  void assertAgreesWithBruteForce(String index, Random r) {
    List<double[]> centres = new ArrayList<>(List.of(HARD_CENTRES));
    for (int i = 0; i < 12; i++) {
      centres.add(randomPoint(r));
    }
    for (double[] c : centres) {
      double metres = 10_000 + r.nextDouble() * 900_000;
      assertThat(keys(db.geoWithinRadius("places", index, c[0], c[1], metres, 100_000)))
          .as("within %.0f m of %s", metres, java.util.Arrays.toString(c))
          .isEqualTo(keys(bruteWithin(c, metres)));
      List<GeoHit> all = bruteWithin(c, Double.MAX_VALUE);
      int k = 1 + r.nextInt(25);
      assertThat(keys(db.geoNearest("places", index, c[0], c[1], k)))
          .as("%d nearest to %s", k, java.util.Arrays.toString(c))
          .isEqualTo(keys(all.subList(0, Math.min(k, all.size()))));

      double degrees = 1 + r.nextDouble() * 10;
      GeoShape region =
          GeoJson.parse(polygon(c, degrees, 3 + r.nextInt(6), r.nextBoolean() ? degrees / 4 : 0));
      assertThat(indexMatching(index, region, GeoShape::intersects))
          .as("intersecting a polygon around %s", java.util.Arrays.toString(c))
          .isEqualTo(bruteMatching(region, GeoShape::intersects));
      assertThat(indexMatching(index, region, GeoShape::contains))
          .as("inside a polygon around %s", java.util.Arrays.toString(c))
          .isEqualTo(bruteMatching(region, GeoShape::contains));
    }
  }

  // ------------------------------------------------------------ tests

  @Test
  void searchesEqualBruteForceOnRandomPointsAndShapes() {
    Random r = new Random(20261201);
    db.insertAll("places", randomDocuments(r, 3000), io.themisdb.engine.WriteOptions.DEFAULT);
    db.createIndex("places", IndexSpec.geo("byLoc", "loc"), null);
    assertAgreesWithBruteForce("byLoc", r);
  }

  @Test
  void antimeridianAndPolesAreOneSphere() {
    db.createIndex("places", IndexSpec.geo("byLoc", "loc"), null);
    db.insert("places", doc("east", pair(new double[] {179.999, 0})));
    db.insert("places", doc("west", pair(new double[] {-179.999, 0})));
    db.insert("places", doc("north1", pair(new double[] {0, 89.999})));
    db.insert("places", doc("north2", pair(new double[] {180, 89.999})));
    db.insert("places", doc("far", pair(new double[] {0, 0})));

    // 0.002° of longitude on the equator is about 222 m, across the antimeridian
    assertThat(keys(db.geoWithinRadius("places", "byLoc", 180, 0, 300, 10)))
        .containsExactlyInAnyOrder("east", "west");
    // the two polar points are 0.002° of arc apart, on opposite meridians
    assertThat(keys(db.geoWithinRadius("places", "byLoc", 90, 90, 200, 10)))
        .containsExactlyInAnyOrder("north1", "north2");
    assertThat(keys(db.geoNearest("places", "byLoc", -179.9995, 0, 2)))
        .containsExactly("west", "east");

    // a box across the antimeridian, and a cap-like polygon around the north pole
    GeoShape box =
        GeoJson.parse(
            json(
                "{\"type\":\"Polygon\",\"coordinates\":[[[179,-1],[-179,-1],[-179,1],[179,1],[179,-1]]]}"));
    assertThat(indexMatching("byLoc", box, GeoShape::contains)).containsExactly("east", "west");
    GeoShape polar =
        GeoJson.parse(
            json(
                "{\"type\":\"Polygon\",\"coordinates\":[[[0,89],[90,89],[180,89],[-90,89],[0,89]]]}"));
    assertThat(indexMatching("byLoc", polar, GeoShape::contains))
        .containsExactly("north1", "north2");
  }

  @Test
  void indexStaysConsistentThroughUpdatesRemovesAndRollbacks() {
    Random r = new Random(7);
    db.createIndex("places", IndexSpec.geo("byLoc", "loc"), null);
    List<ObjectNode> docs = randomDocuments(r, 800);
    db.insertAll("places", docs, io.themisdb.engine.WriteOptions.DEFAULT);
    for (int round = 0; round < 400; round++) {
      String k = key(docs.get(r.nextInt(docs.size())));
      boolean commit = r.nextInt(4) != 0;
      try (Transaction t = db.begin()) {
        if (!t.exists("places", k)) {
          t.insert("places", doc(k, pair(randomPoint(r))));
        } else {
          switch (r.nextInt(4)) {
            case 0 -> t.remove("places", k);
            case 1 -> t.update("places", k, doc(k, null).put("other", round));
            case 2 ->
                t.update(
                    "places",
                    k,
                    (ObjectNode)
                        N.objectNode().set("loc", polygon(randomPoint(r), 2, 4 + r.nextInt(3), 0)));
            default -> t.replace("places", k, doc(k, pair(randomPoint(r))));
          }
        }
        if (commit) {
          t.commit();
        }
      }
    }
    // an index built now from the stored documents must answer as the maintained one did
    db.createIndex("places", IndexSpec.geo("rebuilt", "loc"), null);
    assertAgreesWithBruteForce("byLoc", r);
    assertAgreesWithBruteForce("rebuilt", r);
  }

  @Test
  void rolledBackWritesLeaveNoEntries() {
    db.createIndex("places", IndexSpec.geo("byLoc", "loc"), null);
    db.insert("places", doc("a", pair(new double[] {10, 10})));
    try (Transaction t = db.begin()) {
      t.insert("places", doc("b", pair(new double[] {10.001, 10})));
      t.replace("places", "a", doc("a", pair(new double[] {50, 50})));
      assertThat(keys(GeoSearch.withinRadius(t.geoIndex("places", "byLoc"), 10, 10, 1000, 10)))
          .containsExactly("b");
      t.abort();
    }
    assertThat(keys(db.geoWithinRadius("places", "byLoc", 10, 10, 1000, 10))).containsExactly("a");
  }

  @Test
  void twoAttributeIndexReadsLatitudeAndLongitude() {
    db.createIndex("places", IndexSpec.geo("byLatLon", "lat", "lon"), null);
    db.insert("places", json("{\"_key\":\"x\",\"lat\":52.52,\"lon\":13.405}"));
    db.insert("places", json("{\"_key\":\"y\",\"lat\":48.8566,\"lon\":2.3522}"));
    db.insert("places", json("{\"_key\":\"bad\",\"lat\":152.52,\"lon\":13.405}"));
    assertThat(db.geoNearest("places", "byLatLon", 13, 52, 5))
        .extracting(GeoHit::key)
        .containsExactly("x", "y");
    GeoHit berlin = db.geoNearest("places", "byLatLon", 13.405, 52.52, 1).getFirst();
    assertThat(berlin.distanceMetres()).isZero();
  }

  @Test
  void searchingANonGeoIndexFails() {
    db.createIndex("places", IndexSpec.of("byName", "name"), null);
    assertThatThrownBy(() -> db.geoNearest("places", "byName", 0, 0, 1))
        .isInstanceOf(UnknownIndexException.class)
        .hasMessageContaining("not a geo index");
    assertThatThrownBy(() -> IndexSpec.geo("g", "loc").asUnique())
        .isInstanceOf(IllegalArgumentException.class);
  }

  static ObjectNode json(String text) {
    return (ObjectNode) JSON.readTree(text);
  }

  static Comparator<GeoHit> byKey() {
    return Comparator.comparing(GeoHit::key);
  }
}
