package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.accessToken;
import static io.themisdb.platform.TenantJourney.createClient;
import static io.themisdb.platform.TenantJourney.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.themisdb.billing.Billing;
import io.themisdb.billing.invoice.PlanChange;
import io.themisdb.billing.invoice.SpendControls;
import io.themisdb.billing.invoice.SubscriptionHistory;
import io.themisdb.platform.billing.webhook.KeyRotationEvents;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Tenant isolation for every operation in the OpenAPI document, so that a new /v1 endpoint cannot
 * escape it: without a token or with a revoked one it answers 401; with tenant B's token, tenant
 * A's resources answer 404, nothing of A shows in the response, and A's resources are still there,
 * unchanged, afterwards. A path parameter the suite does not know fails the suite until a fixture
 * for it is added below. An operation that names its resources in the body rather than the path
 * (the graph endpoints), or needs a body to answer at all (the geo searches), is sent a body naming
 * A's resources: B gets 404, A itself 200. A itself only reads, so that no operation runs against a
 * resource an earlier operation removed (which would make B's 404 trivially true).
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIT {

  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
  private static final String PASSWORD = "isolation passphrase";

  /** Tenant A's resources, by path parameter name: B must never reach them. */
  private Map<String, String> resourcesOfA;

  private static final String WITHIN_RADIUS =
      "/v1/collections/{collection}/indexes/{index}/within-radius";
  private static final String NEAREST = "/v1/collections/{collection}/indexes/{index}/nearest";

  /** Bodies naming A's resources, by operation; other POSTs, PUTs and PATCHes send {@code {}}. */
  private static final Map<Operation, String> BODIES_OF_A =
      Map.of(
          new Operation("POST", "/v1/graph/traversal"),
          "{\"start\":\"orders/o1\",\"edgeCollections\":[\"links\"]}",
          new Operation("POST", "/v1/graph/shortest-path"),
          "{\"from\":\"orders/o1\",\"to\":\"orders/o1\",\"edgeCollections\":[\"links\"]}",
          new Operation("POST", "/v1/graph/pagerank"),
          "{\"vertexCollection\":\"orders\",\"edgeCollections\":[\"links\"]}",
          new Operation("POST", "/v1/graph/components"),
          "{\"vertexCollection\":\"orders\",\"edgeCollections\":[\"links\"]}",
          new Operation("POST", WITHIN_RADIUS),
          "{\"lon\":1,\"lat\":1,\"metres\":1000}",
          new Operation("POST", NEAREST),
          "{\"lon\":1,\"lat\":1,\"k\":1}");

  /**
   * Path parameters that differ by operation: the geo searches need A's geo index (which A's 200
   * proves is one), the other index operations A's sorted one.
   */
  private static final Map<Operation, Map<String, String>> PARAMETERS_OF_A =
      Map.of(
          new Operation("POST", WITHIN_RADIUS), Map.of("index", "near"),
          new Operation("POST", NEAREST), Map.of("index", "near"));

  /** The revision of A's document when the fixtures were made: B must not change it. */
  private String revisionOfA;

  @TempDir static Path dataDir;
  private RunningPlatform platform;
  private String tenantA;
  private String slugA;
  private String tokenA;
  private String tokenB;
  private String revokedTokenA;

  @BeforeAll
  void start(CapturedOutput log) throws Exception {
    platform = RunningPlatform.embedded(dataDir, Map.of());
    JsonNode a = TenantJourney.signUp(platform, "a@example.org", PASSWORD, "Tenant A", log::getOut);
    tenantA = a.get("tenantId").asString();
    slugA = a.get("slug").asString();
    TenantJourney.signUp(platform, "b@example.org", PASSWORD, "Tenant B", log::getOut);

    ConsoleSession consoleA = new ConsoleSession(platform);
    consoleA.signIn("a@example.org", PASSWORD);
    String[] all = TenantJourney.allScopes();
    String[] clientA = createClient(consoleA, "a", all);
    tokenA = accessToken(platform, clientA[0], clientA[1]);
    String[] doomed = createClient(consoleA, "doomed", all);
    revokedTokenA = accessToken(platform, doomed[0], doomed[1]);
    consoleA.send("DELETE", "/console/api/clients/" + doomed[0], null);

    resourcesOfA = createResourcesOf(tokenA);

    ConsoleSession consoleB = new ConsoleSession(platform);
    consoleB.signIn("b@example.org", PASSWORD);
    String[] clientB = createClient(consoleB, "b", all);
    tokenB = accessToken(platform, clientB[0], clientB[1]);
  }

  /** One resource of each kind a /v1 path names, owned by the token's tenant. */
  private Map<String, String> createResourcesOf(String token) throws Exception {
    assertThat(post("/v1/collections", "{\"name\":\"orders\"}", token).statusCode()).isEqualTo(201);
    assertThat(
            post("/v1/collections/orders/documents", "{\"_key\":\"o1\",\"c\":1}", token)
                .statusCode())
        .isEqualTo(201);
    assertThat(
            post("/v1/collections/orders/indexes", "{\"name\":\"by_c\",\"fields\":[\"c\"]}", token)
                .statusCode())
        .isEqualTo(201);
    assertThat(
            post(
                    "/v1/collections/orders/indexes",
                    "{\"name\":\"near\",\"type\":\"geo\",\"fields\":[\"loc\"]}",
                    token)
                .statusCode())
        .isEqualTo(201);
    // An edge collection with a loop at o1, for the graph endpoints' bodies.
    assertThat(
            post("/v1/collections", "{\"name\":\"links\",\"type\":\"edge\"}", token).statusCode())
        .isEqualTo(201);
    assertThat(
            post(
                    "/v1/collections/links/documents",
                    "{\"_from\":\"orders/o1\",\"_to\":\"orders/o1\"}",
                    token)
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> backup = post("/v1/backups", "", token);
    assertThat(backup.statusCode()).as(backup.body()).isEqualTo(201);
    // Long enough for the whole suite: an expired transaction would answer 404 to anyone.
    HttpResponse<String> tx = post("/v1/transactions", "{\"timeoutSeconds\":300}", token);
    assertThat(tx.statusCode()).as(tx.body()).isEqualTo(201);
    // A read cursor with results left; it holds a snapshot, so it must survive B's calls too.
    HttpResponse<String> query =
        post(
            "/v1/query",
            "{\"query\":\"FOR i IN 1..5 RETURN i\",\"batchSize\":1,"
                + "\"options\":{\"timeoutSeconds\":300}}",
            token);
    assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
    // Encrypting a filled collection starts a job (and makes A's keys, version 1); the job keeps
    // the document's revision.
    HttpResponse<String> encryption =
        platform.send(
            platform
                .request("/v1/collections/orders/encryption")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString("{\"fields\":{\"c\":\"deterministic\"}}")));
    assertThat(encryption.statusCode()).as(encryption.body()).isEqualTo(202);
    revisionOfA = documentOfA(token).headers().firstValue("ETag").orElseThrow();
    // An invoice of A for a closed month, from a made-up subscription: only A may see it.
    platform
        .context()
        .getBean(Billing.class)
        .invoices()
        .run(
            new SubscriptionHistory(
                tenantA, List.of(new PlanChange(Instant.parse("2026-01-01T00:00:00Z"), "free"))),
            YearMonth.of(2026, 1),
            SpendControls.UNSET);
    // A webhook endpoint of A with one delivery (an unreachable host: it stays in the log).
    HttpResponse<String> endpoint =
        post(
            "/v1/webhooks/endpoints",
            "{\"url\":\"https://hooks.example.org/a\",\"eventTypes\":[\"key.rotated\"]}",
            token);
    assertThat(endpoint.statusCode()).as(endpoint.body()).isEqualTo(201);
    String endpointId = json(endpoint).get("id").asString();
    KeyRotationEvents keys = platform.context().getBean(KeyRotationEvents.class);
    platform
        .context()
        .getBean(TransactionTemplate.class)
        .executeWithoutResult(s -> keys.keyRotated(UUID.fromString(tenantA), "fixture", 1));
    String delivery =
        platform
            .context()
            .getBean(JdbcClient.class)
            .sql("SELECT id FROM webhook_deliveries WHERE endpoint_id = ?")
            .param(UUID.fromString(endpointId))
            .query(String.class)
            .single();
    return Map.ofEntries(
        Map.entry("endpoint", endpointId),
        Map.entry("delivery", delivery),
        Map.entry("period", "2026-01"),
        Map.entry("collection", "orders"),
        Map.entry("key", "o1"),
        Map.entry("index", "by_c"),
        Map.entry("backup", json(backup).get("id").asString()),
        Map.entry("transaction", json(tx).get("id").asString()),
        Map.entry("cursor", json(query).get("cursor").asString()),
        Map.entry("job", json(encryption).get("job").get("id").asString()),
        Map.entry("version", "1"));
  }

  private HttpResponse<String> post(String path, String body, String token) throws Exception {
    return platform.send(
        platform
            .request(path)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  record Operation(String method, String path) {}

  private List<Operation> securedOperations() throws Exception {
    HttpResponse<String> docs = platform.get("/v3/api-docs");
    assertThat(docs.statusCode()).isEqualTo(200);
    JsonNode paths = json(docs).get("paths");
    List<Operation> operations = new ArrayList<>();
    for (var path : paths.properties()) {
      for (var op : path.getValue().properties()) {
        boolean secured = op.getValue().has("security");
        boolean anonymous =
            path.getKey().startsWith("/v1/signup")
                || path.getKey().startsWith("/v1/password-reset");
        assertThat(secured)
            .as("%s %s declares the OAuth2 requirement", op.getKey(), path.getKey())
            .isEqualTo(!anonymous);
        if (secured) {
          operations.add(new Operation(op.getKey().toUpperCase(), path.getKey()));
        }
      }
    }
    assertThat(operations).as("the document lists the secured API").isNotEmpty();
    assertThat(operations)
        .as("operations with bodies of A exist")
        .containsAll(BODIES_OF_A.keySet());
    return operations;
  }

  @TestFactory
  Stream<DynamicTest> everyOperationIsolatesTenants() throws Exception {
    return securedOperations().stream()
        .map(op -> DynamicTest.dynamicTest(op.method() + " " + op.path(), () -> check(op)));
  }

  private void check(Operation op) throws Exception {
    String path = resolve(op);
    String body = BODIES_OF_A.getOrDefault(op, "{}");

    assertThat(call(op.method(), path, body, null).statusCode()).as("no token").isEqualTo(401);
    assertThat(call(op.method(), path, body, "not.a.token").statusCode())
        .as("garbage token")
        .isEqualTo(401);
    assertThat(call(op.method(), path, body, revokedTokenA).statusCode())
        .as("revoked")
        .isEqualTo(401);

    HttpResponse<String> asB = call(op.method(), path, body, tokenB);
    assertThat(asB.statusCode()).as("B's answer on %s: %s", path, asB.body()).isLessThan(500);
    if (PARAM.matcher(op.path()).find() || BODIES_OF_A.containsKey(op)) {
      assertThat(asB.statusCode()).as("A's resource seen by B").isEqualTo(404);
    }
    assertThat(asB.body()).doesNotContain(tenantA).doesNotContain(slugA);

    assertResourcesOfAIntact(op);

    if (op.method().equals("GET") || BODIES_OF_A.containsKey(op)) {
      HttpResponse<String> asA = call(op.method(), path, body, tokenA);
      assertThat(asA.statusCode()).as("A's own answer on %s: %s", path, asA.body()).isEqualTo(200);
    }
  }

  /** Every fixture of A still answers A, and the document is the revision it was. */
  private void assertResourcesOfAIntact(Operation op) throws Exception {
    String after = "after B's " + op.method() + " " + op.path();
    HttpResponse<String> document = documentOfA(tokenA);
    assertThat(document.statusCode()).as("A's document " + after).isEqualTo(200);
    assertThat(document.headers().firstValue("ETag"))
        .as("A's revision " + after)
        .hasValue(revisionOfA);
    String index = "/v1/collections/orders/indexes/" + resourcesOfA.get("index");
    assertThat(call("GET", index, tokenA).statusCode()).as("A's index " + after).isEqualTo(200);
    String transaction = "/v1/transactions/" + resourcesOfA.get("transaction");
    assertThat(call("GET", transaction, tokenA).statusCode())
        .as("A's transaction " + after)
        .isEqualTo(200);
    String cursor = "/v1/query/" + resourcesOfA.get("cursor");
    assertThat(call("GET", cursor, tokenA).statusCode()).as("A's cursor " + after).isEqualTo(200);
    String endpoint = "/v1/webhooks/endpoints/" + resourcesOfA.get("endpoint");
    assertThat(call("GET", endpoint, tokenA).statusCode())
        .as("A's endpoint " + after)
        .isEqualTo(200);
    assertThat(call("GET", "/v1/backups", tokenA).body())
        .as("A's backups " + after)
        .contains(resourcesOfA.get("backup"));
  }

  private HttpResponse<String> documentOfA(String token) throws Exception {
    return call("GET", "/v1/collections/orders/documents/o1", token);
  }

  private String resolve(Operation op) {
    String template = op.path();
    Map<String, String> special = PARAMETERS_OF_A.getOrDefault(op, Map.of());
    Matcher m = PARAM.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = special.getOrDefault(m.group(1), resourcesOfA.get(m.group(1)));
      if (value == null) {
        fail(
            "No fixture for path parameter {%s} of %s: add one of tenant A's resources",
            m.group(1), template);
      }
      m.appendReplacement(sb, value);
    }
    return m.appendTail(sb).toString();
  }

  private HttpResponse<String> call(String method, String path, String token) throws Exception {
    return call(method, path, "{}", token);
  }

  private HttpResponse<String> call(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b = platform.request(path);
    boolean hasBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    b.method(
        method,
        hasBody ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
    if (hasBody) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return platform.send(b);
  }
}
