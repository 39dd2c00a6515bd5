package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.JSON;
import static io.themisdb.platform.TenantJourney.json;
import static io.themisdb.platform.TenantJourney.problem;
import static org.assertj.core.api.Assertions.assertThat;

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
 * AQL over HTTP end to end: documents inserted through the API, queried with bind parameters, read
 * through cursors, explained, run inside explicit transactions, and refused when the token or the
 * tenant's state does not allow writing.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiIT {

  private static final String PASSWORD = "query passphrase 42";
  private static final String OPS = "ops-query@example.org";
  private static final String OPS_PASSWORD = "operator passphrase 7";

  @TempDir static Path dataDir;
  private RunningPlatform platform;
  private TenantApi api;
  private CapturedOutput log;

  @BeforeAll
  void start(CapturedOutput log) throws Exception {
    this.log = log;
    platform =
        RunningPlatform.embedded(
            dataDir,
            Map.of(
                "themis.bootstrap.operator-email",
                OPS,
                "themis.bootstrap.operator-password",
                OPS_PASSWORD,
                "themis.query.max-cursors-per-tenant",
                "3",
                "themis.query.cursor-idle-timeout",
                "2s"));
    signUp("query@example.org", "Query Inc");
    api = apiFor("query@example.org", "data:read", "data:write", "schema:write");
    createCollection(api, "orders");
    for (int i = 1; i <= 6; i++) {
      HttpResponse<String> inserted =
          api.post(
              "/v1/collections/orders/documents",
              "{\"_key\":\"o" + i + "\",\"total\":" + (i * 10) + "}");
      assertThat(inserted.statusCode()).as(inserted.body()).isEqualTo(201);
    }
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  @Test
  void filterSortAndLimitWithBindVarsAnswerTheMatchingDocumentsInOrder() throws Exception {
    HttpResponse<String> answer =
        query(
            api,
            Map.of(
                "query",
                "FOR o IN orders FILTER o.total >= @min SORT o.total DESC LIMIT @n RETURN o._key",
                "bindVars",
                Map.of("min", 25, "n", 3)));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode body = json(answer);
    assertThat(strings(body.get("result"))).containsExactly("o6", "o5", "o4");
    assertThat(body.get("hasMore").asBoolean()).isFalse();
    assertThat(body.get("cursor").isNull()).isTrue();
    assertThat(body.get("extra").get("writesExecuted").asLong()).isZero();
    assertThat(body.get("extra").get("documentsScanned").asLong()).isPositive();
  }

  @Test
  void aCursorPagesInBatchesToTheEndAndIsThenGone() throws Exception {
    JsonNode first =
        json(
            query(
                api,
                Map.of(
                    "query",
                    "FOR o IN orders SORT o.total RETURN o.total",
                    "batchSize",
                    2,
                    "options",
                    Map.of("profile", true))));
    String cursor = first.get("cursor").asString();
    assertThat(first.get("hasMore").asBoolean()).isTrue();
    assertThat(first.get("extra").get("profile").asString()).contains("rows");
    JsonNode described = json(api.get("/v1/query/" + cursor));
    assertThat(described.get("returned").asLong()).isEqualTo(2);

    List<Integer> totals = new ArrayList<>(ints(first.get("result")));
    JsonNode page = first;
    int batches = 1;
    while (page.get("hasMore").asBoolean()) {
      HttpResponse<String> next = api.post("/v1/query/" + cursor, "");
      assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
      page = json(next);
      assertThat(page.get("result").size()).isLessThanOrEqualTo(2);
      totals.addAll(ints(page.get("result")));
      batches++;
    }

    assertThat(totals).containsExactly(10, 20, 30, 40, 50, 60);
    assertThat(batches).isEqualTo(3);
    assertThat(page.get("cursor").isNull()).isTrue();
    problem(api.post("/v1/query/" + cursor, ""), 404, "cursor-not-found");
    problem(api.get("/v1/query/" + cursor), 404, "cursor-not-found");
  }

  @Test
  void aDeletedCursorAnswers404() throws Exception {
    JsonNode first =
        json(query(api, Map.of("query", "FOR o IN orders RETURN o._key", "batchSize", 1)));
    String cursor = first.get("cursor").asString();

    assertThat(api.delete("/v1/query/" + cursor).statusCode()).isEqualTo(204);

    problem(api.post("/v1/query/" + cursor, ""), 404, "cursor-not-found");
    problem(api.delete("/v1/query/" + cursor), 404, "cursor-not-found");
  }

  @Test
  void aTenantHoldsABoundedNumberOfCursorsAndIdleOnesAreClosed() throws Exception {
    signUp("cursors@example.org", "Cursors Ltd");
    TenantApi own = apiFor("cursors@example.org", "data:read");
    Map<String, ?> manyResults = Map.of("query", "FOR i IN 1..10 RETURN i", "batchSize", 1);
    List<String> cursors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      cursors.add(json(query(own, manyResults)).get("cursor").asString());
    }

    problem(query(own, manyResults), 409, "conflict");
    HttpResponse<String> single = query(own, Map.of("query", "RETURN 1"));
    assertThat(single.statusCode()).as("a query that needs no cursor still runs").isEqualTo(200);
    assertThat(query(api, manyResults).statusCode())
        .as("other tenants are not held back")
        .isEqualTo(200);
    assertThat(own.delete("/v1/query/" + cursors.getFirst()).statusCode()).isEqualTo(204);
    assertThat(query(own, manyResults).statusCode()).isEqualTo(200);

    Thread.sleep(4_000); // well past the 2 s idle timeout and the sweeper's 0.5 s period
    for (String cursor : cursors.subList(1, 3)) {
      problem(own.post("/v1/query/" + cursor, ""), 404, "cursor-not-found");
    }
    assertThat(query(own, manyResults).statusCode())
        .as("closed cursors free their slots")
        .isEqualTo(200);
  }

  @Test
  void explainAnswersThePlanWithoutRunningTheQuery() throws Exception {
    createCollection(api, "explained");
    HttpResponse<String> answer =
        query(
            api,
            Map.of(
                "query",
                "FOR i IN 1..3 INSERT {n: i} INTO explained",
                "options",
                Map.of("explain", true)));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(json(answer).get("plan").asString()).containsIgnoringCase("insert");
    assertThat(count("explained")).as("nothing ran").isZero();
  }

  @Test
  void aSyntaxErrorIsAProblemWithLineAndColumn() throws Exception {
    HttpResponse<String> answer =
        query(api, Map.of("query", "FOR o IN orders\n  FILTER o.total > > 1\n  RETURN o"));

    problem(answer, 400, "aql-syntax");
    JsonNode problem = json(answer);
    assertThat(problem.get("line").asInt()).isEqualTo(2);
    assertThat(problem.get("column").asInt()).isEqualTo(20);
    assertThat(problem.get("detail").asString()).contains("line 2, column 20");
  }

  @Test
  void badBodiesBindParametersAndMeaninglessQueriesAreRefusedPrecisely() throws Exception {
    problem(
        query(api, Map.of("query", "RETURN 1", "options", Map.of("profil", true))),
        400,
        "validation-failed");
    problem(query(api, Map.of("query", "RETURN 1", "batchSize", 0)), 400, "validation-failed");
    problem(query(api, Map.of("query", "RETURN @missing")), 400, "bind-parameter");
    HttpResponse<String> unknownFunction = query(api, Map.of("query", "RETURN NO_SUCH_FN(1)"));
    problem(unknownFunction, 422, "aql-semantic");
    assertThat(json(unknownFunction).get("kind").asString()).isEqualTo("UNKNOWN_FUNCTION");
    problem(
        query(api, Map.of("query", "FOR o IN orders RETURN o", "options", Map.of("maxResults", 2))),
        422,
        "query-failed");
    problem(query(api, Map.of("query", "FOR x IN nowhere RETURN x")), 404, "collection-not-found");
  }

  @Test
  void aWritingQueryInAnAbortedTransactionLeavesNothing() throws Exception {
    createCollection(api, "drafts");
    HttpResponse<String> begun = api.post("/v1/transactions", "{\"timeoutSeconds\":60}");
    assertThat(begun.statusCode()).as(begun.body()).isEqualTo(201);
    String tx = json(begun).get("id").asString();

    HttpResponse<String> inserted =
        query(
            api,
            Map.of("query", "FOR i IN 1..3 INSERT {n: i} INTO drafts RETURN NEW._key"),
            "Themis-Transaction",
            tx);
    assertThat(inserted.statusCode()).as(inserted.body()).isEqualTo(200);
    assertThat(json(inserted).get("extra").get("writesExecuted").asLong()).isEqualTo(3);
    String countQuery = "RETURN LENGTH((FOR d IN drafts RETURN 1))";
    assertThat(
            ints(
                json(query(api, Map.of("query", countQuery), "Themis-Transaction", tx))
                    .get("result")))
        .as("the transaction sees its own writes")
        .containsExactly(3);
    assertThat(ints(json(query(api, Map.of("query", countQuery))).get("result")))
        .as("nobody else does")
        .containsExactly(0);

    assertThat(api.post("/v1/transactions/" + tx + "/abort", "").statusCode()).isEqualTo(204);

    assertThat(count("drafts")).isZero();
    problem(
        query(api, Map.of("query", countQuery), "Themis-Transaction", tx),
        404,
        "transaction-not-found");
    HttpResponse<String> alone =
        query(api, Map.of("query", "INSERT {n: 9} INTO drafts RETURN NEW._key"));
    assertThat(alone.statusCode()).as(alone.body()).isEqualTo(200);
    assertThat(count("drafts")).as("a query alone commits its writes").isEqualTo(1);
  }

  @Test
  void aReadOnlyTokenCannotRunAWritingQuery() throws Exception {
    TenantApi reader = apiFor("query@example.org", "data:read");
    long before = count("orders");

    problem(
        query(reader, Map.of("query", "INSERT {_key: 'sneaky'} INTO orders")), 403, "forbidden");
    problem(
        query(reader, Map.of("query", "LET x = (FOR o IN orders REMOVE o IN orders) RETURN 1")),
        403,
        "forbidden");

    assertThat(count("orders")).isEqualTo(before);
    HttpResponse<String> read =
        query(reader, Map.of("query", "RETURN LENGTH((FOR o IN orders RETURN 1))"));
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
  }

  @Test
  void aSuspendedTenantRunsReadingQueriesButNotWritingOnes() throws Exception {
    String tenant = signUp("paused-query@example.org", "Paused Query Ltd");
    TenantApi paused =
        apiFor("paused-query@example.org", "data:read", "data:write", "schema:write");
    createCollection(paused, "c");
    ConsoleSession ops = new ConsoleSession(platform);
    assertThat(ops.signIn(OPS, OPS_PASSWORD).statusCode()).isEqualTo(200);
    assertThat(
            ops.send("POST", "/console/api/operator/tenants/" + tenant + "/suspend", null)
                .statusCode())
        .isEqualTo(200);

    HttpResponse<String> read = query(paused, Map.of("query", "FOR d IN c RETURN d"));
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    problem(query(paused, Map.of("query", "INSERT {a: 1} INTO c")), 403, "tenant-suspended");
  }

  @Test
  void openApiDocumentDescribesTheQueryApiWithExamples() throws Exception {
    JsonNode paths = json(platform.get("/v3/api-docs")).get("paths");
    assertThat(paths.propertyNames()).contains("/v1/query", "/v1/query/{cursor}");
    JsonNode run = paths.get("/v1/query").get("post");
    assertThat(run.get("requestBody").toString()).contains("bindVars", "batchSize");
    assertThat(run.get("responses").toString()).contains("aql-syntax", "hasMore");
    assertThat(paths.get("/v1/query/{cursor}").propertyNames()).contains("post", "get", "delete");
  }

  // --- steps ---

  private HttpResponse<String> query(TenantApi as, Map<String, ?> body, String... headers)
      throws Exception {
    return as.post("/v1/query", JSON.writeValueAsString(body), headers);
  }

  private String signUp(String email, String org) throws Exception {
    return TenantJourney.signUp(platform, email, PASSWORD, org, log::getOut)
        .get("tenantId")
        .asString();
  }

  private TenantApi apiFor(String email, String... scopes) throws Exception {
    return TenantJourney.apiClient(platform, email, PASSWORD, "query-" + scopes.length, scopes);
  }

  private static void createCollection(TenantApi as, String name) throws Exception {
    HttpResponse<String> created = as.post("/v1/collections", "{\"name\":\"" + name + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private long count(String collection) throws Exception {
    return json(api.get("/v1/collections/" + collection)).get("documentCount").asLong();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asString()));
    return out;
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asInt()));
    return out;
  }
}
