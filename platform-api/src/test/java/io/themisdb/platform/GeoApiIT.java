package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.created;
import static io.themisdb.platform.TenantJourney.field;
import static io.themisdb.platform.TenantJourney.ok;
import static io.themisdb.platform.TenantJourney.postJson;
import static io.themisdb.platform.TenantJourney.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Geo indexes end to end: created over HTTP on points scattered around Paris, searched through the
 * within-radius and nearest endpoints, and every answer compared with a haversine over all the
 * points computed here. Bad requests get problem+json; another tenant gets 404.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeoApiIT {

  private static final String PASSWORD = "geo passphrase 42";
  private static final double EARTH_RADIUS_METRES = 6_371_008.8;
  private static final double LON = 2.3522;
  private static final double LAT = 48.8566;

  @TempDir static Path dataDir;
  private RunningPlatform platform;
  private TenantApi api;
  private TenantApi other;
  private CapturedOutput log;

  /** Each place's [lon, lat], by key. */
  private final Map<String, double[]> places = new LinkedHashMap<>();

  @BeforeAll
  void start(CapturedOutput log) throws Exception {
    this.log = log;
    platform = RunningPlatform.embedded(dataDir, Map.of());
    signUp("geo@example.org", "Geo Inc");
    api = apiFor("geo@example.org");
    signUp("other-geo@example.org", "Other Geo Inc");
    other = apiFor("other-geo@example.org");

    created(api.post("/v1/collections", "{\"name\":\"places\"}"));
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      // within about 50 km of the centre
      double lon = LON + (random.nextDouble() - 0.5) * 1.4;
      double lat = LAT + (random.nextDouble() - 0.5) * 0.9;
      String key = "p" + i;
      places.put(key, new double[] {lon, lat});
      created(
          postJson(
              api,
              "/v1/collections/places/documents",
              Map.of("_key", key, "loc", List.of(lon, lat), "lat", lat, "lon", lon)));
    }
    // no location: never a result
    created(api.post("/v1/collections/places/documents", "{\"_key\":\"nowhere\"}"));
    created(
        api.post(
            "/v1/collections/places/indexes",
            "{\"name\":\"by_loc\",\"type\":\"geo\",\"fields\":[\"loc\"]}"));
    created(
        api.post(
            "/v1/collections/places/indexes",
            "{\"name\":\"by_lat_lon\",\"type\":\"geo\",\"fields\":[\"lat\",\"lon\"]}"));
    created(
        api.post("/v1/collections/places/indexes", "{\"name\":\"by_lat\",\"fields\":[\"lat\"]}"));
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  @Test
  void theListingReportsEachIndexType() throws Exception {
    Map<String, String> types = new LinkedHashMap<>();
    for (JsonNode index : ok(api.get("/v1/collections/places/indexes"))) {
      types.put(index.get("name").asString(), index.get("type").asString());
    }
    assertThat(types)
        .containsEntry("by_loc", "geo")
        .containsEntry("by_lat_lon", "geo")
        .containsEntry("by_lat", "sorted");
    JsonNode geo = ok(api.get("/v1/collections/places/indexes/by_lat_lon"));
    assertThat(geo.get("type").asString()).isEqualTo("geo");
    assertThat(geo.get("sparse").asBoolean()).isTrue();
    assertThat(geo.get("fields").toString()).isEqualTo("[\"lat\",\"lon\"]");
  }

  @Test
  void withinRadiusAnswersExactlyThePointsAHaversineFindsNearestFirst() throws Exception {
    for (String index : List.of("by_loc", "by_lat_lon")) {
      for (double metres : List.of(0.0, 500.0, 5_000.0, 20_000.0)) {
        List<Expected> expected = expected().stream().filter(e -> e.distance() <= metres).toList();
        JsonNode answer =
            ok(
                postJson(
                    api,
                    "/v1/collections/places/indexes/" + index + "/within-radius",
                    Map.of("lon", LON, "lat", LAT, "metres", metres, "limit", 1000)));
        assertMatches(answer, expected);
        assertThat(answer.get("truncated").asBoolean()).isFalse();
      }
    }
  }

  @Test
  void theLimitKeepsTheNearestAndSaysMoreMatched() throws Exception {
    List<Expected> expected =
        expected().stream().filter(e -> e.distance() <= 20_000).limit(7).toList();
    JsonNode answer =
        ok(
            postJson(
                api,
                "/v1/collections/places/indexes/by_loc/within-radius",
                Map.of("lon", LON, "lat", LAT, "metres", 20_000, "limit", 7)));
    assertMatches(answer, expected);
    assertThat(answer.get("truncated").asBoolean()).isTrue();
  }

  @Test
  void nearestAnswersTheKNearestPointsInOrder() throws Exception {
    for (int k : List.of(1, 10, 200, 1000)) {
      JsonNode answer =
          ok(
              postJson(
                  api,
                  "/v1/collections/places/indexes/by_lat_lon/nearest",
                  Map.of("lon", 2.0, "lat", 49.0, "k", k)));
      List<Expected> all = expected(2.0, 49.0);
      assertMatches(answer, all.subList(0, Math.min(k, all.size())));
    }
  }

  @Test
  void badIndexDefinitionsNameTheField() throws Exception {
    assertThat(
            field(
                problem(
                    api.post(
                        "/v1/collections/places/indexes",
                        "{\"name\":\"g\",\"type\":\"geo\",\"fields\":[\"loc\"],\"unique\":true}"),
                    400,
                    "validation-failed")))
        .isEqualTo("unique");
    assertThat(
            field(
                problem(
                    api.post(
                        "/v1/collections/places/indexes",
                        "{\"name\":\"g\",\"type\":\"geo\",\"fields\":[\"loc\"],\"sparse\":false}"),
                    400,
                    "validation-failed")))
        .isEqualTo("sparse");
    assertThat(
            field(
                problem(
                    api.post(
                        "/v1/collections/places/indexes",
                        "{\"name\":\"g\",\"type\":\"geo\",\"fields\":[\"a\",\"b\",\"c\"]}"),
                    400,
                    "validation-failed")))
        .isEqualTo("fields");
    assertThat(
            field(
                problem(
                    api.post(
                        "/v1/collections/places/indexes",
                        "{\"name\":\"g\",\"type\":\"spatial\",\"fields\":[\"loc\"]}"),
                    400,
                    "validation-failed")))
        .isEqualTo("type");
    problem(api.get("/v1/collections/places/indexes/g"), 404, "index-not-found");
  }

  @Test
  void badSearchesAnswerProblems() throws Exception {
    String radius = "/v1/collections/places/indexes/by_loc/within-radius";
    assertThat(
            field(problem(api.post(radius, "{\"lat\":1,\"metres\":1}"), 400, "validation-failed")))
        .isEqualTo("lon");
    assertThat(
            field(
                problem(
                    api.post(radius, "{\"lon\":181,\"lat\":1,\"metres\":1}"),
                    400,
                    "validation-failed")))
        .isEqualTo("lon");
    assertThat(
            field(
                problem(
                    api.post(radius, "{\"lon\":1,\"lat\":1,\"metres\":-1}"),
                    400,
                    "validation-failed")))
        .isEqualTo("metres");
    assertThat(
            field(
                problem(
                    api.post(radius, "{\"lon\":1,\"lat\":1,\"metres\":1,\"limit\":1001}"),
                    400,
                    "validation-failed")))
        .isEqualTo("limit");
    assertThat(
            field(
                problem(
                    api.post(radius, "{\"lon\":1,\"lat\":1,\"metres\":1,\"k\":3}"),
                    400,
                    "validation-failed")))
        .isEqualTo("k");
    assertThat(
            field(
                problem(
                    api.post(
                        "/v1/collections/places/indexes/by_loc/nearest",
                        "{\"lon\":1,\"lat\":1,\"k\":0}"),
                    400,
                    "validation-failed")))
        .isEqualTo("k");
    // a sorted index cannot answer geo searches
    problem(
        api.post("/v1/collections/places/indexes/by_lat/nearest", "{\"lon\":1,\"lat\":1,\"k\":1}"),
        404,
        "index-not-found");
    problem(
        api.post("/v1/collections/places/indexes/nope/within-radius", "{}"),
        404,
        "index-not-found");
    problem(
        api.post("/v1/collections/nope/indexes/by_loc/nearest", "{}"), 404, "collection-not-found");
  }

  @Test
  void anotherTenantGets404() throws Exception {
    problem(
        other.post(
            "/v1/collections/places/indexes/by_loc/nearest", "{\"lon\":1,\"lat\":1,\"k\":1}"),
        404,
        "collection-not-found");
    problem(
        other.post(
            "/v1/collections/places/indexes/by_loc/within-radius",
            "{\"lon\":1,\"lat\":1,\"metres\":1}"),
        404,
        "collection-not-found");
  }

  record Expected(String key, double distance) {}

  private List<Expected> expected() {
    return expected(LON, LAT);
  }

  /** Every place with its haversine distance from the point, nearest first, ties by key. */
  private List<Expected> expected(double lon, double lat) {
    List<Expected> out = new ArrayList<>();
    places.forEach((key, p) -> out.add(new Expected(key, haversine(lon, lat, p[0], p[1]))));
    out.sort(Comparator.comparingDouble(Expected::distance).thenComparing(Expected::key));
    return out;
  }

  private static double haversine(double lon1, double lat1, double lon2, double lat2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2))
                * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_METRES * Math.asin(Math.sqrt(a));
  }

  private void assertMatches(JsonNode answer, List<Expected> expected) {
    List<String> keys = new ArrayList<>();
    for (JsonNode hit : answer.get("results")) {
      String key = hit.get("document").get("_key").asString();
      keys.add(key);
      double[] p = places.get(key);
      assertThat(hit.get("document").get("loc").get(0).asDouble()).isEqualTo(p[0]);
      Expected e = expected.get(keys.size() - 1);
      assertThat(hit.get("distanceMetres").asDouble()).isCloseTo(e.distance(), within(1e-3));
    }
    assertThat(keys).containsExactlyElementsOf(expected.stream().map(Expected::key).toList());
  }

  private void signUp(String email, String org) throws Exception {
    TenantJourney.signUp(platform, email, PASSWORD, org, log::getOut);
  }

  private TenantApi apiFor(String email) throws Exception {
    return TenantJourney.apiClient(
        platform, email, PASSWORD, "geo", "data:read", "data:write", "schema:write");
  }
}
