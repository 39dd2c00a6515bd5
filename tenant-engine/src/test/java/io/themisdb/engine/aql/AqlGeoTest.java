package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.WriteOptions;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Geo queries with a geo index give what the same queries give by full scan over an identical
 * collection without one, on seeded random data around the antimeridian and the poles.
 */
class AqlGeoTest extends AqlFixture {

  static final double[][] CENTRES = {
    {180, 0}, {-179.9, 5}, {0, 90}, {10, -89.9}, {13.4, 52.5}, {-73.9, 40.7}, {151.2, -33.9}
  };

  static double wrap(double lon) {
    return lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
  }

  static double[] point(Random r) {
    double[] c = CENTRES[r.nextInt(CENTRES.length)];
    return new double[] {
      wrap(c[0] + (r.nextDouble() - 0.5) * 8),
      Math.max(-90, Math.min(90, c[1] + (r.nextDouble() - 0.5) * 8))
    };
  }

  static ArrayNode pair(double[] p) {
    return Values.array().add(p[0]).add(p[1]);
  }

  static ObjectNode square(double[] c, double half) {
    ArrayNode ring = Values.array();
    double[][] corners = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}, {-1, -1}};
    for (double[] k : corners) {
      double lat = Math.max(-89.99, Math.min(89.99, c[1] + k[1] * half));
      ring.add(Values.array().add(wrap(c[0] + k[0] * half)).add(lat));
    }
    ObjectNode p = Values.object().put("type", "Polygon");
    p.set("coordinates", Values.array().add(ring));
    return p;
  }

  /** The same documents into an indexed and a plain collection. */
  void load(Random r, int count) {
    db.createCollection("indexed", CollectionType.DOCUMENT);
    db.createCollection("plain", CollectionType.DOCUMENT);
    db.createIndex("indexed", IndexSpec.geo("byLoc", "loc"), null);
    List<ObjectNode> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ObjectNode d = Values.object().put("_key", String.format("k%04d", i));
      switch (r.nextInt(12)) {
        case 0 -> {} // no location
        case 1 -> d.put("loc", "not a place");
        case 2 -> d.set("loc", square(point(r), 0.2 + r.nextDouble()));
        default -> d.set("loc", pair(point(r)));
      }
      docs.add(d);
    }
    db.insertAll("indexed", docs, WriteOptions.DEFAULT);
    db.insertAll("plain", docs, WriteOptions.DEFAULT);
  }

  /** Rows all comparisons returned, so a test can tell it did not compare empty results only. */
  int rows;

  void assertSameAsFullScan(String aql, Map<String, Object> bind) {
    Map<String, Object> indexed = new HashMap<>(bind);
    indexed.put("@c", "indexed");
    Map<String, Object> plain = new HashMap<>(bind);
    plain.put("@c", "plain");
    assertThat(db.explain(aql, indexed)).as(aql).contains("ScanGeo");
    assertThat(db.explain(aql, plain)).as(aql).doesNotContain("ScanGeo");
    List<JsonNode> expected = run(aql, plain);
    rows += expected.size();
    assertThat(run(aql, indexed)).as(aql + " " + bind).isEqualTo(expected);
  }

  @Test
  void indexedGeoQueriesEqualFullScans() {
    Random r = new Random(42);
    load(r, 1500);
    for (int i = 0; i < 10; i++) {
      double[] c = i < CENTRES.length ? CENTRES[i] : point(r);
      Map<String, Object> bind = new HashMap<>();
      bind.put("p", pair(c));
      bind.put("r", 50_000 + r.nextInt(400_000));
      assertSameAsFullScan("FOR d IN @@c FILTER GEO_DISTANCE(d.loc, @p) <= @r RETURN d._key", bind);
      assertSameAsFullScan(
          "FOR d IN @@c FILTER @r > GEO_DISTANCE(@p, d.loc) SORT d._key DESC RETURN d._key", bind);
      assertSameAsFullScan(
          "FOR d IN @@c FILTER GEO_DISTANCE(d.loc, @p) <= @r SORT GEO_DISTANCE(d.loc, @p)"
              + " LIMIT 20 RETURN [d._key, GEO_DISTANCE(d.loc, @p)]",
          bind);
      assertSameAsFullScan(
          "FOR d IN @@c FILTER GEO_IN_RANGE(d.loc, @p, 10000, @r, false) RETURN d._key", bind);
      Map<String, Object> near = Map.of("p", pair(c), "k", 1 + r.nextInt(200));
      assertSameAsFullScan(
          "FOR d IN @@c SORT GEO_DISTANCE(d.loc, @p) LIMIT @k RETURN d._key", near);
      assertSameAsFullScan(
          "FOR d IN @@c FILTER d.loc != null SORT GEO_DISTANCE(@p, d.loc) LIMIT 3, @k"
              + " RETURN d._key",
          near);
      Map<String, Object> region = Map.of("poly", square(c, 1 + r.nextDouble() * 4));
      assertSameAsFullScan("FOR d IN @@c FILTER GEO_CONTAINS(@poly, d.loc) RETURN d._key", region);
      assertSameAsFullScan(
          "FOR d IN @@c FILTER GEO_INTERSECTS(d.loc, @poly) RETURN d._key", region);
      assertSameAsFullScan(
          "FOR d IN @@c FILTER GEO_CONTAINS(d.loc, @p) RETURN d._key", Map.of("p", pair(c)));
    }
    assertThat(rows).isGreaterThan(5_000);
  }

  @Test
  void invalidCentresAndBoundsStillEqualFullScans() {
    load(new Random(3), 300);
    assertSameAsFullScan(
        "FOR d IN @@c FILTER GEO_DISTANCE(d.loc, @p) <= @r RETURN d._key",
        Map.of("p", "nowhere", "r", 1000));
    assertSameAsFullScan(
        "FOR d IN @@c FILTER GEO_DISTANCE(d.loc, @p) <= @r RETURN d._key",
        Map.of("p", List.of(180, 0), "r", "far"));
    assertSameAsFullScan(
        "FOR d IN @@c SORT GEO_DISTANCE(d.loc, @p) LIMIT 50 RETURN d._key",
        Map.of("p", List.of(500, 0)));
    assertSameAsFullScan(
        "FOR d IN @@c FILTER GEO_CONTAINS(@poly, d.loc) RETURN d._key", Map.of("poly", "x"));
  }

  @Test
  void explainShowsTheGeoIndex() {
    load(new Random(5), 10);
    Map<String, Object> bind = Map.of("@c", "indexed", "p", List.of(13.4, 52.5));
    assertThat(db.explain("FOR d IN @@c SORT GEO_DISTANCE(d.loc, @p) LIMIT 5 RETURN d", bind))
        .contains(
            "ScanGeo d IN indexed USING byLoc [loc] NEAREST GEO_DISTANCE(d.loc, @p) (index order"
                + " replaces the SORT)")
        .doesNotContain("Sort ");
    assertThat(db.explain("FOR d IN @@c FILTER GEO_DISTANCE(d.loc, @p) <= 1000 RETURN d", bind))
        .contains("ScanGeo d IN indexed USING byLoc [loc] WHERE (GEO_DISTANCE(d.loc, @p) <= 1000)");
    // a descending distance is not an index order
    assertThat(db.explain("FOR d IN @@c SORT GEO_DISTANCE(d.loc, @p) DESC LIMIT 5 RETURN d", bind))
        .contains("ScanCollection");
  }

  @Test
  void latitudeLongitudeIndexServesDistance() {
    db.createCollection("cities", CollectionType.DOCUMENT);
    db.createIndex("cities", IndexSpec.geo("byLatLon", "lat", "lon"), null);
    db.insert("cities", obj("{\"_key\":\"berlin\",\"lat\":52.52,\"lon\":13.405}"));
    db.insert("cities", obj("{\"_key\":\"potsdam\",\"lat\":52.39,\"lon\":13.06}"));
    db.insert("cities", obj("{\"_key\":\"paris\",\"lat\":48.8566,\"lon\":2.3522}"));
    db.insert("cities", obj("{\"_key\":\"unknown\"}"));
    String aql = "FOR c IN cities FILTER DISTANCE(c.lat, c.lon, 52.5, 13.4) <= 50000 RETURN c._key";
    assertThat(db.explain(aql, Map.of())).contains("ScanGeo c IN cities USING byLatLon");
    // the city without coordinates has a null distance, and null <= 50000 holds in AQL
    assertThat(json(aql)).isEqualTo("[\"berlin\",\"potsdam\",\"unknown\"]");
    assertThat(
            json(
                "FOR c IN cities FILTER c.lat != null SORT DISTANCE(52.5, 13.4, c.lat, c.lon)"
                    + " LIMIT 2 RETURN c._key"))
        .isEqualTo("[\"berlin\",\"potsdam\"]");
  }

  @Test
  void queriesSeeTheirTransactionsGeoWrites() {
    db.createCollection("places", CollectionType.DOCUMENT);
    db.createIndex("places", IndexSpec.geo("byLoc", "loc"), null);
    db.insert("places", obj("{\"_key\":\"a\",\"loc\":[10,10]}"));
    try (var t = db.begin()) {
      t.update("places", "a", obj("{\"loc\":[50,50]}"));
      t.insert("places", obj("{\"_key\":\"b\",\"loc\":[10.001,10]}"));
      try (QueryCursor c =
          t.query(
              "FOR p IN places FILTER GEO_DISTANCE(p.loc, [10, 10]) < 1000 RETURN p._key",
              Map.of(),
              QueryOptions.DEFAULT)) {
        assertThat(c.all()).extracting(JsonNode::stringValue).containsExactly("b");
      }
    }
    assertThat(json("FOR p IN places FILTER GEO_DISTANCE(p.loc, [10, 10]) < 1000 RETURN p._key"))
        .isEqualTo("[\"a\"]");
  }

  @Test
  void aQueryThatMovesWhatItSortsByDistanceSortsFirst() {
    db.createCollection("places", CollectionType.DOCUMENT);
    db.createIndex("places", IndexSpec.geo("byLoc", "loc"), null);
    for (int i = 0; i < 20; i++) {
      db.insert("places", obj("{\"_key\":\"p" + (10 + i) + "\",\"loc\":[" + i * 0.01 + ",0]}"));
    }
    String aql =
        "FOR p IN places SORT GEO_DISTANCE(p.loc, [0, 0]) LIMIT 5"
            + " UPDATE p WITH {loc: [1 + p.loc[0], 0]} IN places";
    assertThat(db.explain(aql, Map.of())).contains("Sort ").doesNotContain("NEAREST");
    run(aql, Map.of());
    // the five nearest moved away once each; the next five are now the nearest
    assertThat(json("FOR p IN places SORT GEO_DISTANCE(p.loc, [0, 0]) LIMIT 5 RETURN p._key"))
        .isEqualTo("[\"p15\",\"p16\",\"p17\",\"p18\",\"p19\"]");
    assertThat(json("FOR p IN places FILTER p.loc[0] >= 1 SORT p._key RETURN p.loc[0]"))
        .isEqualTo("[1,1.01,1.02,1.03,1.04]");
  }

  static ObjectNode obj(String json) {
    return (ObjectNode) Values.JSON.readTree(json);
  }
}
