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
import java.util.List;
import java.util.Map;
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
 * The graph endpoints end to end on a small weighted graph made through the API:
 *
 * <pre>
 *   alice -k1(w1)-> bob -k2(w1)-> carol -k4(w1)-> dave        erin (no edges)
 *   alice -------------k3(w5)---> carol
 * </pre>
 *
 * Another tenant naming the same collections gets 404; bad requests get problem+json.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphApiIT {

  private static final String PASSWORD = "graph passphrase 42";

  @TempDir static Path dataDir;
  private RunningPlatform platform;
  private TenantApi api;
  private TenantApi other;
  private String tenantId;
  private CapturedOutput log;

  @BeforeAll
  void start(CapturedOutput log) throws Exception {
    this.log = log;
    // Five vertices fit the algorithms' bound; the six of "crowd" do not.
    platform = RunningPlatform.embedded(dataDir, Map.of("themis.graph.max-vertices", "5"));
    tenantId = signUp("graph@example.org", "Graph Inc");
    api = apiFor("graph@example.org");
    signUp("other-graph@example.org", "Other Graph Inc");
    other = apiFor("other-graph@example.org");

    created(api.post("/v1/collections", "{\"name\":\"people\"}"));
    created(api.post("/v1/collections", "{\"name\":\"crowd\"}"));
    created(api.post("/v1/collections", "{\"name\":\"knows\",\"type\":\"edge\"}"));
    for (String p : List.of("alice", "bob", "carol", "dave", "erin")) {
      created(api.post("/v1/collections/people/documents", "{\"_key\":\"" + p + "\",\"n\":1}"));
    }
    for (int i = 0; i < 6; i++) {
      created(api.post("/v1/collections/crowd/documents", "{\"_key\":\"c" + i + "\"}"));
    }
    edge("k1", "alice", "bob", 1);
    edge("k2", "bob", "carol", 1);
    edge("k3", "alice", "carol", 5);
    edge("k4", "carol", "dave", 1);
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  @Test
  void aBreadthFirstTraversalAnswersEachVertexOnceWithItsDocumentsAndEdges() throws Exception {
    JsonNode answer =
        ok(
            postJson(
                api,
                "/v1/graph/traversal",
                Map.of(
                    "start",
                    "people/alice",
                    "edgeCollections",
                    List.of("knows"),
                    "minDepth",
                    1,
                    "maxDepth",
                    2,
                    "order",
                    "bfs",
                    "uniqueVertices",
                    "global")));

    assertThat(paths(answer))
        .containsExactly(
            "people/alice,people/bob|knows/k1",
            "people/alice,people/carol|knows/k3",
            "people/alice,people/carol,people/dave|knows/k3,knows/k4");
    assertThat(answer.get("vertices").propertyNames())
        .containsExactlyInAnyOrder("people/alice", "people/bob", "people/carol", "people/dave");
    assertThat(answer.get("vertices").get("people/bob").get("n").asInt()).isEqualTo(1);
    assertThat(answer.get("edges").get("knows/k4").get("_to").asString()).isEqualTo("people/dave");
    assertThat(answer.get("truncated").asBoolean()).isFalse();
  }

  @Test
  void anInboundDepthFirstTraversalFollowsEveryPathUpToMaxDepth() throws Exception {
    JsonNode answer =
        ok(
            postJson(
                api,
                "/v1/graph/traversal",
                Map.of(
                    "start",
                    "people/dave",
                    "direction",
                    "inbound",
                    "edgeCollections",
                    List.of("knows"),
                    "maxDepth",
                    3)));

    assertThat(paths(answer))
        .containsExactlyInAnyOrder(
            "people/dave,people/carol|knows/k4",
            "people/dave,people/carol,people/bob|knows/k4,knows/k2",
            "people/dave,people/carol,people/bob,people/alice|knows/k4,knows/k2,knows/k1",
            "people/dave,people/carol,people/alice|knows/k4,knows/k3");
  }

  @Test
  void theLimitBoundsTheAnswerAndSaysSo() throws Exception {
    JsonNode answer =
        ok(
            postJson(
                api,
                "/v1/graph/traversal",
                Map.of(
                    "start",
                    "people/alice",
                    "edgeCollections",
                    List.of("knows"),
                    "minDepth",
                    0,
                    "maxDepth",
                    3,
                    "limit",
                    2)));

    assertThat(answer.get("paths").size()).isEqualTo(2);
    assertThat(answer.get("truncated").asBoolean()).isTrue();
    assertThat(answer.get("paths").get(0).get("edges").size()).isZero();
  }

  @Test
  void shortestPathsCountEdgesOrWeights() throws Exception {
    Map<String, Object> base =
        Map.of("from", "people/alice", "to", "people/dave", "edgeCollections", List.of("knows"));
    JsonNode fewestEdges = ok(postJson(api, "/v1/graph/shortest-path", base));
    assertThat(paths(fewestEdges))
        .containsExactly("people/alice,people/carol,people/dave|knows/k3,knows/k4");
    assertThat(fewestEdges.get("paths").get(0).get("weight").asDouble()).isEqualTo(2);

    Map<String, Object> weighted = new java.util.HashMap<>(base);
    weighted.put("weightAttribute", "w");
    weighted.put("k", 3);
    JsonNode lightest = ok(postJson(api, "/v1/graph/shortest-path", weighted));
    assertThat(paths(lightest))
        .containsExactly(
            "people/alice,people/bob,people/carol,people/dave|knows/k1,knows/k2,knows/k4",
            "people/alice,people/carol,people/dave|knows/k3,knows/k4");
    assertThat(lightest.get("paths").get(0).get("weight").asDouble()).isEqualTo(3);
    assertThat(lightest.get("paths").get(1).get("weight").asDouble()).isEqualTo(6);

    JsonNode unreachable =
        ok(
            postJson(
                api,
                "/v1/graph/shortest-path",
                Map.of(
                    "from",
                    "people/alice",
                    "to",
                    "people/erin",
                    "edgeCollections",
                    List.of("knows"))));
    assertThat(unreachable.get("paths").size()).isZero();
  }

  @Test
  void pageRankScoresSumToOneAndRankTheEndOfTheChainFirst() throws Exception {
    JsonNode answer =
        ok(
            postJson(
                api,
                "/v1/graph/pagerank",
                Map.of("vertexCollection", "people", "edgeCollections", List.of("knows"))));

    assertThat(answer.get("vertexCount").asInt()).isEqualTo(5);
    assertThat(answer.get("converged").asBoolean()).isTrue();
    double sum = 0;
    double previous = Double.MAX_VALUE;
    for (JsonNode r : answer.get("ranks")) {
      assertThat(r.get("rank").asDouble()).isLessThanOrEqualTo(previous);
      previous = r.get("rank").asDouble();
      sum += previous;
    }
    assertThat(sum).isCloseTo(1, within(1e-6));
    assertThat(answer.get("ranks").get(0).get("id").asString()).isEqualTo("people/dave");

    JsonNode top2 =
        ok(
            postJson(
                api,
                "/v1/graph/pagerank",
                Map.of(
                    "vertexCollection",
                    "people",
                    "edgeCollections",
                    List.of("knows"),
                    "limit",
                    2)));
    assertThat(top2.get("ranks").size()).isEqualTo(2);
    assertThat(top2.get("truncated").asBoolean()).isTrue();
  }

  @Test
  void connectedComponentsIgnoreDirectionAndAreNamedBySmallestId() throws Exception {
    JsonNode answer =
        ok(
            postJson(
                api,
                "/v1/graph/components",
                Map.of("vertexCollection", "people", "edgeCollections", List.of("knows"))));

    assertThat(answer.get("count").asInt()).isEqualTo(2);
    assertThat(answer.get("vertexCount").asInt()).isEqualTo(5);
    JsonNode components = answer.get("components");
    assertThat(components.get(0).get("id").asString()).isEqualTo("people/alice");
    assertThat(components.get(0).get("size").asInt()).isEqualTo(4);
    assertThat(components.get(1).get("id").asString()).isEqualTo("people/erin");
    assertThat(components.get(1).get("size").asInt()).isEqualTo(1);
  }

  @Test
  void aGraphPastTheConfiguredBoundIsAGraphTooLargeProblem() throws Exception {
    for (String path : List.of("/v1/graph/pagerank", "/v1/graph/components")) {
      HttpResponse<String> tooLarge =
          postJson(
              api, path, Map.of("vertexCollection", "crowd", "edgeCollections", List.of("knows")));
      JsonNode problem = problem(tooLarge, 422, "graph-too-large");
      assertThat(problem.get("maxVertices").asInt()).isEqualTo(5);
    }
  }

  @Test
  void anotherTenantNamingTheseCollectionsGetsNotFoundAndNothingOfThem() throws Exception {
    List<HttpResponse<String>> answers =
        List.of(
            postJson(
                other,
                "/v1/graph/traversal",
                Map.of("start", "people/alice", "edgeCollections", List.of("knows"))),
            postJson(
                other,
                "/v1/graph/shortest-path",
                Map.of(
                    "from",
                    "people/alice",
                    "to",
                    "people/dave",
                    "edgeCollections",
                    List.of("knows"))),
            postJson(
                other,
                "/v1/graph/pagerank",
                Map.of("vertexCollection", "people", "edgeCollections", List.of("knows"))),
            postJson(
                other,
                "/v1/graph/components",
                Map.of("vertexCollection", "people", "edgeCollections", List.of("knows"))));
    for (HttpResponse<String> answer : answers) {
      problem(answer, 404, "collection-not-found");
      assertThat(answer.body()).doesNotContain(tenantId).doesNotContain("bob");
    }
  }

  @Test
  void badRequestsAreProblemsNamingTheField() throws Exception {
    assertThat(
            field(
                problem(
                    postJson(api, "/v1/graph/traversal", Map.of("start", "people/alice")),
                    400,
                    "validation-failed")))
        .isEqualTo("edgeCollections");
    assertThat(
            field(
                problem(
                    postJson(
                        api,
                        "/v1/graph/traversal",
                        Map.of(
                            "start",
                            "people/alice",
                            "edgeCollections",
                            List.of("knows"),
                            "minDepth",
                            3,
                            "maxDepth",
                            2)),
                    400,
                    "validation-failed")))
        .isEqualTo("maxDepth");
    assertThat(
            field(
                problem(
                    postJson(
                        api,
                        "/v1/graph/traversal",
                        Map.of(
                            "start",
                            "people/alice",
                            "edgeCollections",
                            List.of("knows"),
                            "direction",
                            "sideways")),
                    400,
                    "validation-failed")))
        .isEqualTo("direction");
    assertThat(
            field(
                problem(
                    postJson(
                        api,
                        "/v1/graph/traversal",
                        Map.of(
                            "start",
                            "people/alice",
                            "edgeCollections",
                            List.of("knows"),
                            "depth",
                            2)),
                    400,
                    "validation-failed")))
        .isEqualTo("depth");
    assertThat(
            field(
                problem(
                    postJson(
                        api,
                        "/v1/graph/traversal",
                        Map.of(
                            "start",
                            "people/alice",
                            "edgeCollections",
                            List.of("knows"),
                            "limit",
                            1001)),
                    400,
                    "validation-failed")))
        .isEqualTo("limit");
    assertThat(
            field(
                problem(
                    postJson(
                        api,
                        "/v1/graph/traversal",
                        Map.of(
                            "start",
                            "people/alice",
                            "edgeCollections",
                            List.of("knows"),
                            "order",
                            "dfs",
                            "uniqueVertices",
                            "global")),
                    400,
                    "validation-failed")))
        .isEqualTo("uniqueVertices");
    assertThat(
            field(
                problem(
                    postJson(
                        api,
                        "/v1/graph/shortest-path",
                        Map.of(
                            "from",
                            "alice",
                            "to",
                            "people/dave",
                            "edgeCollections",
                            List.of("knows"))),
                    400,
                    "validation-failed")))
        .isEqualTo("from");
    // A document collection named as edges is the engine's aql-semantic problem.
    problem(
        postJson(
            api,
            "/v1/graph/traversal",
            Map.of("start", "people/alice", "edgeCollections", List.of("people"))),
        422,
        "aql-semantic");
  }

  @Test
  void theGraphEndpointsNeedTheDataReadScope() throws Exception {
    TenantApi writeOnly =
        TenantJourney.apiClient(
            platform, "graph@example.org", PASSWORD, "graph-no-read", "data:write");

    problem(
        postJson(
            writeOnly,
            "/v1/graph/components",
            Map.of("vertexCollection", "people", "edgeCollections", List.of("knows"))),
        403,
        "forbidden");
  }

  @Test
  void aNegativeEdgeWeightFailsTheWeightedSearch() throws Exception {
    created(api.post("/v1/collections", "{\"name\":\"roads\",\"type\":\"edge\"}"));
    created(
        api.post(
            "/v1/collections/roads/documents",
            "{\"_from\":\"people/alice\",\"_to\":\"people/bob\",\"w\":-1}"));

    problem(
        postJson(
            api,
            "/v1/graph/shortest-path",
            Map.of(
                "from",
                "people/alice",
                "to",
                "people/bob",
                "edgeCollections",
                List.of("roads"),
                "weightAttribute",
                "w")),
        422,
        "query-failed");
  }

  private void edge(String key, String from, String to, int weight) throws Exception {
    created(
        api.post(
            "/v1/collections/knows/documents",
            "{\"_key\":\""
                + key
                + "\",\"_from\":\"people/"
                + from
                + "\",\"_to\":\"people/"
                + to
                + "\",\"w\":"
                + weight
                + "}"));
  }

  /** Each path as "vertex,ids|edge,ids". */
  private static List<String> paths(JsonNode answer) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : answer.get("paths")) {
      out.add(join(p.get("vertices")) + "|" + join(p.get("edges")));
    }
    return out;
  }

  private static String join(JsonNode ids) {
    List<String> out = new ArrayList<>();
    ids.forEach(id -> out.add(id.asString()));
    return String.join(",", out);
  }

  private String signUp(String email, String org) throws Exception {
    return TenantJourney.signUp(platform, email, PASSWORD, org, log::getOut)
        .get("tenantId")
        .asString();
  }

  private TenantApi apiFor(String email) throws Exception {
    return TenantJourney.apiClient(
        platform, email, PASSWORD, "graph", "data:read", "data:write", "schema:write");
  }
}
