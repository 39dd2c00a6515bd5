package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.created;
import static io.themisdb.platform.TenantJourney.field;
import static io.themisdb.platform.TenantJourney.ok;
import static io.themisdb.platform.TenantJourney.postJson;
import static io.themisdb.platform.TenantJourney.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
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
 * Vector indexes end to end: created over HTTP, filled with random vectors, searched through the
 * nearest endpoint, exact answers compared with a brute-force distance computed here. Bad requests
 * get problem+json; another tenant gets 404.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorApiIT {

  private static final String PASSWORD = "vector passphrase 42";
  private static final int DIMENSION = 4;

  @TempDir static Path dataDir;
  private RunningPlatform platform;
  private TenantApi api;
  private TenantApi other;
  private CapturedOutput log;

  /** Each document's vector, by key. */
  private final Map<String, float[]> vectors = new LinkedHashMap<>();

  @BeforeAll
  void start(CapturedOutput log) throws Exception {
    this.log = log;
    platform = RunningPlatform.embedded(dataDir, Map.of());
    TenantJourney.signUp(platform, "vec@example.org", PASSWORD, "Vec Inc", log::getOut);
    api = apiFor("vec@example.org");
    TenantJourney.signUp(platform, "other-vec@example.org", PASSWORD, "Other Vec", log::getOut);
    other = apiFor("other-vec@example.org");

    created(api.post("/v1/collections", "{\"name\":\"items\"}"));
    Random random = new Random(7);
    for (int i = 0; i < 120; i++) {
      float[] v = new float[DIMENSION];
      List<Float> list = new ArrayList<>();
      for (int j = 0; j < DIMENSION; j++) {
        v[j] = (float) random.nextGaussian();
        list.add(v[j]);
      }
      String key = "i" + i;
      vectors.put(key, v);
      created(postJson(api, "/v1/collections/items/documents", Map.of("_key", key, "emb", list)));
    }
    // a vector of the wrong dimension is left out of the index
    created(api.post("/v1/collections/items/documents", "{\"_key\":\"short\",\"emb\":[1,2]}"));
    created(
        api.post(
            "/v1/collections/items/indexes",
            "{\"name\":\"by_emb\",\"type\":\"vector\",\"fields\":[\"emb\"],\"dimension\":4,"
                + "\"metric\":\"euclidean\"}"));
    created(
        api.post(
            "/v1/collections/items/indexes",
            "{\"name\":\"by_cos\",\"type\":\"vector\",\"fields\":[\"emb\"],\"dimension\":4,"
                + "\"metric\":\"cosine\",\"maxDegree\":16,\"beamWidth\":64,\"efSearch\":32}"));
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  @Test
  void theIndexViewShowsTheVectorOptions() throws Exception {
    JsonNode index = ok(api.get("/v1/collections/items/indexes/by_cos"));
    assertThat(index.get("type").asString()).isEqualTo("vector");
    JsonNode vector = index.get("vector");
    assertThat(vector.get("dimension").asInt()).isEqualTo(4);
    assertThat(vector.get("metric").asString()).isEqualTo("cosine");
    assertThat(vector.get("maxDegree").asInt()).isEqualTo(16);
    assertThat(vector.get("beamWidth").asInt()).isEqualTo(64);
    assertThat(vector.get("efSearch").asInt()).isEqualTo(32);
  }

  @Test
  void exactNearestEqualsABruteForceSearch() throws Exception {
    float[] q = {0.3f, -1.2f, 0.5f, 2.0f};
    for (String index : List.of("by_emb", "by_cos")) {
      for (int k : List.of(1, 10, 200)) {
        JsonNode answer =
            ok(
                postJson(
                    api,
                    "/v1/collections/items/indexes/" + index + "/nearest",
                    Map.of("vector", List.of(0.3, -1.2, 0.5, 2.0), "k", k, "exact", true)));
        List<Map.Entry<String, Double>> expected = bruteForce(q, index.equals("by_cos"));
        expected = expected.subList(0, Math.min(k, expected.size()));
        List<String> keys = new ArrayList<>();
        int i = 0;
        for (JsonNode n : answer.get("neighbours")) {
          keys.add(n.get("document").get("_key").asString());
          assertThat(n.get("distance").asDouble())
              .isCloseTo(expected.get(i++).getValue(), within(1e-4));
        }
        assertThat(keys)
            .containsExactlyElementsOf(expected.stream().map(Map.Entry::getKey).toList());
      }
    }
  }

  @Test
  void approximateNearestFindsAStoredVectorFirst() throws Exception {
    float[] v = vectors.get("i17");
    List<Double> q = new ArrayList<>();
    for (float f : v) {
      q.add((double) f);
    }
    JsonNode answer =
        ok(
            postJson(
                api, "/v1/collections/items/indexes/by_emb/nearest", Map.of("vector", q, "k", 5)));
    assertThat(answer.get("neighbours")).hasSize(5);
    JsonNode first = answer.get("neighbours").get(0);
    assertThat(first.get("document").get("_key").asString()).isEqualTo("i17");
    assertThat(first.get("distance").asDouble()).isCloseTo(0, within(1e-6));
  }

  @Test
  void badRequestsNameTheField() throws Exception {
    String nearest = "/v1/collections/items/indexes/by_emb/nearest";
    assertThat(
            field(
                problem(
                    api.post(nearest, "{\"vector\":[1,2,3],\"k\":1}"), 400, "validation-failed")))
        .isEqualTo("vector");
    assertThat(
            field(
                problem(
                    api.post(nearest, "{\"vector\":[1,2,3,4],\"k\":0}"), 400, "validation-failed")))
        .isEqualTo("k");
    HttpResponse<String> inTransaction =
        api.post(nearest, "{\"vector\":[1,2,3,4],\"k\":1}", "Themis-Transaction", "t1");
    assertThat(field(problem(inTransaction, 400, "validation-failed")))
        .isEqualTo("Themis-Transaction");
    // a geo body for a vector index
    assertThat(
            field(
                problem(
                    api.post(nearest, "{\"lon\":1,\"lat\":1,\"k\":1}"), 400, "validation-failed")))
        .isEqualTo("lon");
    String indexes = "/v1/collections/items/indexes";
    assertThat(
            field(
                problem(
                    api.post(
                        indexes,
                        "{\"name\":\"v\",\"type\":\"vector\",\"fields\":[\"emb\"],"
                            + "\"metric\":\"cosine\"}"),
                    400,
                    "validation-failed")))
        .isEqualTo("dimension");
    assertThat(
            field(
                problem(
                    api.post(
                        indexes,
                        "{\"name\":\"v\",\"type\":\"vector\",\"fields\":[\"emb\"],\"dimension\":4,"
                            + "\"metric\":\"manhattan\"}"),
                    400,
                    "validation-failed")))
        .isEqualTo("metric");
    assertThat(
            field(
                problem(
                    api.post(indexes, "{\"name\":\"v\",\"fields\":[\"emb\"],\"dimension\":4}"),
                    400,
                    "validation-failed")))
        .isEqualTo("dimension");
    assertThat(
            field(
                problem(
                    api.post(
                        indexes,
                        "{\"name\":\"v\",\"type\":\"vector\",\"fields\":[\"a\",\"b\"],"
                            + "\"dimension\":4,\"metric\":\"dot\"}"),
                    400,
                    "validation-failed")))
        .isEqualTo("fields");
    // the within-radius search is geo only
    JsonNode notGeo =
        problem(
            api.post(
                "/v1/collections/items/indexes/by_emb/within-radius",
                "{\"lon\":1,\"lat\":1,\"metres\":1}"),
            404,
            "index-not-found");
  }

  @Test
  void anotherTenantGets404() throws Exception {
    JsonNode p =
        problem(
            other.post(
                "/v1/collections/items/indexes/by_emb/nearest", "{\"vector\":[1,2,3,4],\"k\":1}"),
            404,
            "collection-not-found");
  }

  /**
   * Every indexed vector with its distance from q (squared Euclidean or 1 - cos), nearest first.
   */
  private List<Map.Entry<String, Double>> bruteForce(float[] q, boolean cosine) {
    List<Map.Entry<String, Double>> out = new ArrayList<>();
    vectors.forEach(
        (key, v) -> {
          double sq = 0;
          double dot = 0;
          double qq = 0;
          double vv = 0;
          for (int i = 0; i < q.length; i++) {
            sq += (q[i] - v[i]) * (double) (q[i] - v[i]);
            dot += (double) q[i] * v[i];
            qq += (double) q[i] * q[i];
            vv += (double) v[i] * v[i];
          }
          out.add(Map.entry(key, cosine ? 1 - dot / Math.sqrt(qq * vv) : sq));
        });
    out.sort(
        Comparator.comparing(Map.Entry<String, Double>::getValue).thenComparing(Map.Entry::getKey));
    return out;
  }

  private TenantApi apiFor(String email) throws Exception {
    return TenantJourney.apiClient(
        platform, email, PASSWORD, "vec", "data:read", "data:write", "schema:write");
  }
}
