package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.accessToken;
import static io.themisdb.platform.TenantJourney.createClient;
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
 * The tenant REST API over the engine, end to end over HTTP: collections, documents with revisions,
 * indexes, transactions, batch import, backups, bad input and tenant states.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentsApiIT {

  private static final String PASSWORD = "documents passphrase";
  private static final String OPS = "ops-docs@example.org";
  private static final String OPS_PASSWORD = "operator passphrase 9";

  @TempDir static Path dataDir;
  private RunningPlatform platform;
  private TenantApi api;
  private String tenantId;
  private CapturedOutput log;

  @BeforeAll
  void start(CapturedOutput log) throws Exception {
    this.log = log;
    platform =
        RunningPlatform.embedded(
            dataDir,
            Map.of(
                "themis.bootstrap.operator-email", OPS,
                "themis.bootstrap.operator-password", OPS_PASSWORD,
                "themis.api.max-request-size", "64KB",
                "themis.engine.max-document-size", "16KB",
                "themis.api.sync-index-build-max-documents", "3"));
    tenantId = signUp("docs@example.org", "Docs Inc");
    api = apiFor("docs@example.org");
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  @Test
  void documentsCarryRevisionsAndConditionalWritesLoseWith412() throws Exception {
    createCollection("orders");
    HttpResponse<String> inserted =
        api.post("/v1/collections/orders/documents", "{\"_key\":\"o1\",\"total\":10}");
    assertThat(inserted.statusCode()).as(inserted.body()).isEqualTo(201);
    String rev = json(inserted).get("_rev").asString();
    assertThat(inserted.headers().firstValue("ETag")).hasValue("\"" + rev + "\"");

    HttpResponse<String> read = api.get("/v1/collections/orders/documents/o1");
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(json(read).get("total").asInt()).isEqualTo(10);
    assertThat(read.headers().firstValue("ETag")).hasValue("\"" + rev + "\"");
    assertThat(
            api.get("/v1/collections/orders/documents/o1", "If-None-Match", "\"" + rev + "\"")
                .statusCode())
        .isEqualTo(304);

    HttpResponse<String> replaced =
        api.put(
            "/v1/collections/orders/documents/o1", "{\"total\":20}", "If-Match", "\"" + rev + "\"");
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    String rev2 = json(replaced).get("_rev").asString();
    assertThat(rev2).isNotEqualTo(rev);

    HttpResponse<String> stale =
        api.patch(
            "/v1/collections/orders/documents/o1", "{\"total\":99}", "If-Match", "\"" + rev + "\"");
    problem(stale, 412, "revision-mismatch");
    problem(
        api.delete("/v1/collections/orders/documents/o1", "If-Match", "\"" + rev + "\""),
        412,
        "revision-mismatch");
    assertThat(json(api.get("/v1/collections/orders/documents/o1")).get("total").asInt())
        .as("lost conditional writes change nothing")
        .isEqualTo(20);

    HttpResponse<String> patched =
        api.patch(
            "/v1/collections/orders/documents/o1",
            "{\"note\":\"rush\"}",
            "If-Match",
            "\"" + rev2 + "\"");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    JsonNode merged = json(api.get("/v1/collections/orders/documents/o1"));
    assertThat(merged.get("total").asInt()).isEqualTo(20);
    assertThat(merged.get("note").asString()).isEqualTo("rush");

    problem(
        api.post("/v1/collections/orders/documents", "{\"_key\":\"o1\"}"), 409, "duplicate-key");
    assertThat(api.delete("/v1/collections/orders/documents/o1").statusCode()).isEqualTo(204);
    problem(api.get("/v1/collections/orders/documents/o1"), 404, "document-not-found");
    problem(api.get("/v1/collections/nope/documents/o1"), 404, "collection-not-found");
  }

  @Test
  void edgeCollectionsTakeOnlyDocumentsWithBothEnds() throws Exception {
    HttpResponse<String> created =
        api.post("/v1/collections", "{\"name\":\"knows\",\"type\":\"edge\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(json(api.get("/v1/collections/knows")).get("type").asString()).isEqualTo("edge");

    problem(
        api.post("/v1/collections/knows/documents", "{\"_from\":\"people/a\"}"),
        400,
        "invalid-document");
    assertThat(
            api.post(
                    "/v1/collections/knows/documents",
                    "{\"_from\":\"people/a\",\"_to\":\"people/b\"}")
                .statusCode())
        .isEqualTo(201);
    assertThat(count("knows")).isEqualTo(1);
  }

  @Test
  void scanPagesThroughTheCollectionWithACursor() throws Exception {
    createCollection("pages");
    for (int i = 0; i < 5; i++) {
      api.post("/v1/collections/pages/documents", "{\"_key\":\"k" + i + "\"}");
    }
    List<String> keys = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String path = "/v1/collections/pages/documents?limit=2";
      JsonNode page = json(api.get(cursor == null ? path : path + "&cursor=" + cursor));
      page.get("documents").forEach(d -> keys.add(d.get("_key").asString()));
      cursor = page.get("cursor").isNull() ? null : page.get("cursor").asString();
      pages++;
    } while (cursor != null);
    assertThat(keys).containsExactly("k0", "k1", "k2", "k3", "k4");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void indexesBuildNowOrInTheBackgroundAndUniqueOnesRefuseDuplicates() throws Exception {
    createCollection("small");
    api.post("/v1/collections/small/documents", "{\"email\":\"a@x\"}");
    HttpResponse<String> unique =
        api.post(
            "/v1/collections/small/indexes",
            "{\"name\":\"by_email\",\"fields\":[\"email\"],\"unique\":true}");
    assertThat(unique.statusCode()).as(unique.body()).isEqualTo(201);
    assertThat(json(unique).get("state").asString()).isEqualTo("ready");
    problem(
        api.post("/v1/collections/small/documents", "{\"email\":\"a@x\"}"),
        409,
        "unique-violation");
    problem(
        api.post("/v1/collections/small/indexes", "{\"name\":\"by_email\",\"fields\":[\"other\"]}"),
        409,
        "name-in-use");

    createCollection("large");
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 50; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"n\":").append(i % 7).append('}');
    }
    api.post("/v1/collections/large/import", batch.append(']').toString());
    HttpResponse<String> accepted =
        api.post("/v1/collections/large/indexes", "{\"name\":\"by_n\",\"fields\":[\"n\"]}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String progress = accepted.headers().firstValue("Location").orElseThrow();
    assertThat(progress).isEqualTo("/v1/collections/large/indexes/by_n");
    JsonNode index = json(api.get(progress));
    for (int i = 0; i < 200 && !index.get("state").asString().equals("ready"); i++) {
      assertThat(index.get("state").asString()).isEqualTo("building");
      Thread.sleep(50);
      index = json(api.get(progress));
    }
    assertThat(index.get("state").asString()).isEqualTo("ready");

    HttpResponse<String> failing =
        api.post(
            "/v1/collections/large/indexes",
            "{\"name\":\"uniq_n\",\"fields\":[\"n\"],\"unique\":true}");
    assertThat(failing.statusCode()).isEqualTo(202);
    JsonNode failed = json(api.get("/v1/collections/large/indexes/uniq_n"));
    for (int i = 0; i < 200 && failed.get("state").asString().equals("building"); i++) {
      Thread.sleep(50);
      failed = json(api.get("/v1/collections/large/indexes/uniq_n"));
    }
    assertThat(failed.get("state").asString()).isEqualTo("failed");
    assertThat(failed.get("failure").get("type").asString())
        .isEqualTo(TenantJourney.PROBLEMS + "unique-violation");
    // a failed build is not in the catalog; its view still shows what was asked for
    assertThat(failed.get("type").asString()).isEqualTo("sorted");
    assertThat(failed.get("fields").toString()).isEqualTo("[\"n\"]");
    assertThat(failed.get("unique").asBoolean()).isTrue();

    JsonNode list = json(api.get("/v1/collections/large/indexes"));
    assertThat(list.findValuesAsString("name")).containsExactly("by_n");
    assertThat(api.delete("/v1/collections/large/indexes/by_n").statusCode()).isEqualTo(204);
    problem(api.get("/v1/collections/large/indexes/by_n"), 404, "index-not-found");
  }

  @Test
  void ttlIndexesAreCreatedWithOneAttributeAndAreNeverUnique() throws Exception {
    createCollection("sessions");
    HttpResponse<String> created =
        api.post(
            "/v1/collections/sessions/indexes",
            "{\"name\":\"expiry\",\"type\":\"ttl\",\"fields\":[\"expiresAt\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode view = json(api.get("/v1/collections/sessions/indexes/expiry"));
    assertThat(view.get("type").asString()).isEqualTo("ttl");
    assertThat(view.get("fields").toString()).isEqualTo("[\"expiresAt\"]");
    assertThat(view.get("sparse").asBoolean()).isTrue();

    for (String bad :
        List.of(
            "\"fields\":[\"a\",\"b\"]",
            "\"fields\":[\"a\"],\"unique\":true",
            "\"fields\":[\"a\"],\"sparse\":false")) {
      problem(
          api.post(
              "/v1/collections/sessions/indexes",
              "{\"name\":\"bad\",\"type\":\"ttl\"," + bad + "}"),
          400,
          "validation-failed");
    }
  }

  @Test
  void indexCreatedWhileATransactionIsOpenBuildsInTheBackgroundUntilItEnds() throws Exception {
    createCollection("busy");
    api.post("/v1/collections/busy/documents", "{\"n\":1}");
    String tx = beginTransaction();

    HttpResponse<String> accepted =
        api.post("/v1/collections/busy/indexes", "{\"name\":\"by_n\",\"fields\":[\"n\"]}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(api.post("/v1/transactions/" + tx + "/commit", "").statusCode()).isEqualTo(204);

    JsonNode index = json(api.get("/v1/collections/busy/indexes/by_n"));
    for (int i = 0; i < 200 && index.get("state").asString().equals("building"); i++) {
      Thread.sleep(50);
      index = json(api.get("/v1/collections/busy/indexes/by_n"));
    }
    assertThat(index.get("state").asString()).isEqualTo("ready");
  }

  @Test
  void committedTransactionWritesBecomeVisibleAndAbortedOnesNever() throws Exception {
    createCollection("ledger");
    String tx = beginTransaction();
    HttpResponse<String> inTx =
        api.post("/v1/collections/ledger/documents", "{\"_key\":\"t1\"}", "Themis-Transaction", tx);
    assertThat(inTx.statusCode()).as(inTx.body()).isEqualTo(201);
    assertThat(api.get("/v1/collections/ledger/documents/t1").statusCode())
        .as("not visible outside before commit")
        .isEqualTo(404);
    assertThat(
            api.get("/v1/collections/ledger/documents/t1", "Themis-Transaction", tx).statusCode())
        .isEqualTo(200);
    assertThat(api.post("/v1/transactions/" + tx + "/commit", "").statusCode()).isEqualTo(204);
    assertThat(api.get("/v1/collections/ledger/documents/t1").statusCode()).isEqualTo(200);
    problem(api.get("/v1/transactions/" + tx), 404, "transaction-not-found");

    String aborted = beginTransaction();
    api.post(
        "/v1/collections/ledger/documents", "{\"_key\":\"t2\"}", "Themis-Transaction", aborted);
    api.delete("/v1/collections/ledger/documents/t1", "Themis-Transaction", aborted);
    assertThat(api.post("/v1/transactions/" + aborted + "/abort", "").statusCode()).isEqualTo(204);
    assertThat(api.get("/v1/collections/ledger/documents/t2").statusCode()).isEqualTo(404);
    assertThat(api.get("/v1/collections/ledger/documents/t1").statusCode()).isEqualTo(200);
    problem(
        api.post(
            "/v1/collections/ledger/documents", "{\"_key\":\"t3\"}", "Themis-Transaction", aborted),
        404,
        "transaction-not-found");
  }

  @Test
  void writeToADocumentChangedSinceTheSnapshotConflictsRetryablyAndAbortsTheTransaction()
      throws Exception {
    createCollection("race");
    api.post("/v1/collections/race/documents", "{\"_key\":\"r\",\"v\":0}");
    String tx = beginTransaction();
    assertThat(api.get("/v1/collections/race/documents/r", "Themis-Transaction", tx).statusCode())
        .isEqualTo(200);
    assertThat(api.patch("/v1/collections/race/documents/r", "{\"v\":1}").statusCode())
        .isEqualTo(200);

    HttpResponse<String> conflict =
        api.patch("/v1/collections/race/documents/r", "{\"v\":2}", "Themis-Transaction", tx);

    problem(conflict, 409, "write-conflict");
    assertThat(json(conflict).get("retryable").asBoolean()).isTrue();
    problem(api.get("/v1/transactions/" + tx), 404, "transaction-not-found");
    assertThat(json(api.get("/v1/collections/race/documents/r")).get("v").asInt()).isEqualTo(1);
  }

  @Test
  void batchImportReportsEachItemOrRejectsTheWholeBatch() throws Exception {
    createCollection("people");
    api.post("/v1/collections/people/documents", "{\"_key\":\"taken\"}");

    HttpResponse<String> each =
        api.post(
            "/v1/collections/people/import",
            "[{\"_key\":\"p1\"},{\"_key\":\"taken\"},42,{\"_key\":\"p2\"}]");
    assertThat(each.statusCode()).as(each.body()).isEqualTo(200);
    JsonNode result = json(each);
    assertThat(result.get("created").asInt()).isEqualTo(2);
    assertThat(result.get("failed").asInt()).isEqualTo(2);
    assertThat(result.get("results").get(1).get("error").get("type").asString())
        .isEqualTo(TenantJourney.PROBLEMS + "duplicate-key");
    assertThat(result.get("results").get(2).get("error").get("type").asString())
        .isEqualTo(TenantJourney.PROBLEMS + "invalid-document");

    HttpResponse<String> ndjson =
        api.send(
            "POST",
            "/v1/collections/people/import",
            "{\"_key\":\"p3\"}\n{not json\n{\"_key\":\"p4\"}\n",
            "application/x-ndjson");
    assertThat(ndjson.statusCode()).as(ndjson.body()).isEqualTo(200);
    assertThat(json(ndjson).get("created").asInt()).isEqualTo(2);
    assertThat(json(ndjson).get("results").get(1).get("error").get("type").asString())
        .isEqualTo(TenantJourney.PROBLEMS + "malformed-request");

    long before = count("people");
    HttpResponse<String> all =
        api.post(
            "/v1/collections/people/import?mode=all",
            "[{\"_key\":\"p5\"},{\"_key\":\"p1\"},{\"_key\":\"p6\"}]");
    problem(all, 422, "import-rejected");
    assertThat(json(all).get("index").asInt()).isEqualTo(1);
    assertThat(count("people")).as("all or nothing").isEqualTo(before);
    assertThat(api.get("/v1/collections/people/documents/p5").statusCode()).isEqualTo(404);
  }

  @Test
  void badInputAnswersAProblemAndChangesNothing() throws Exception {
    createCollection("strict");
    api.post("/v1/collections/strict/documents", "{\"_key\":\"s1\",\"v\":1}");

    problem(
        api.post("/v1/collections/strict/documents", "{\"_key\":\"s2\","),
        400,
        "malformed-request");
    problem(api.post("/v1/collections/strict/documents", "[1,2]"), 400, "invalid-document");
    problem(
        api.post("/v1/collections/strict/documents", "{\"_key\":\"bad key/\"}"),
        400,
        "invalid-document");
    problem(api.post("/v1/collections", "{\"name\":5}"), 400, "validation-failed");
    problem(
        api.post("/v1/collections", "{\"name\":\"x\",\"type\":\"graph\"}"),
        400,
        "validation-failed");
    HttpResponse<String> typo =
        api.post(
            "/v1/collections/strict/indexes",
            "{\"name\":\"by_v\",\"fields\":[\"v\"],\"uniqe\":true}");
    problem(typo, 400, "validation-failed");
    assertThat(typo.body()).contains("uniqe");
    problem(
        api.post("/v1/collections/strict/indexes", "{\"name\":\"by_v\",\"fields\":\"v\"}"),
        400,
        "validation-failed");
    assertThat(json(api.get("/v1/collections/strict/indexes")).size()).isZero();

    String big = "{\"_key\":\"huge\",\"blob\":\"" + "x".repeat(70 * 1024) + "\"}";
    problem(api.post("/v1/collections/strict/documents", big), 413, "payload-too-large");
    String large = "{\"_key\":\"large\",\"blob\":\"" + "x".repeat(20 * 1024) + "\"}";
    problem(api.post("/v1/collections/strict/documents", large), 413, "document-too-large");
    problem(
        api.put("/v1/collections/strict/documents/s1", "{\"v\":2", "If-Match", "\"x\""),
        400,
        "malformed-request");

    HttpResponse<String> chunked =
        platform.send(
            platform
                .request("/v1/collections/strict/documents")
                .header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                        java.net.http.HttpRequest.BodyPublishers.ofString(big))));
    problem(chunked, 413, "payload-too-large");

    assertThat(count("strict")).isEqualTo(1);
    assertThat(json(api.get("/v1/collections/strict/documents/s1")).get("v").asInt()).isEqualTo(1);
    assertThat(json(api.get("/v1/collections")).findValuesAsString("name")).doesNotContain("x");
  }

  @Test
  void scopesDecideWhatATokenMayDo() throws Exception {
    createCollection("scoped");
    ConsoleSession console = new ConsoleSession(platform);
    console.signIn("docs@example.org", PASSWORD);
    String[] client = createClient(console, "reader", "data:read");
    TenantApi reader = new TenantApi(platform, accessToken(platform, client[0], client[1]));

    assertThat(reader.get("/v1/collections/scoped/documents").statusCode()).isEqualTo(200);
    problem(reader.post("/v1/collections/scoped/documents", "{}"), 403, "forbidden");
    problem(reader.delete("/v1/collections/scoped"), 403, "forbidden");
    problem(reader.post("/v1/transactions", "{}"), 403, "forbidden");
    problem(reader.post("/v1/backups", ""), 403, "forbidden");
    assertThat(count("scoped")).isZero();
  }

  @Test
  void openApiDocumentDescribesTheDataApiWithSchemasAndExamples() throws Exception {
    JsonNode docs = json(platform.get("/v3/api-docs"));
    assertThat(docs.get("components").get("schemas").propertyNames())
        .contains("NewCollection", "NewIndex", "IndexView", "ImportResult", "Written");
    JsonNode importOp = docs.get("paths").get("/v1/collections/{collection}/import").get("post");
    assertThat(importOp.get("requestBody").get("content").propertyNames())
        .contains("application/json", "application/x-ndjson");
    assertThat(docs.get("paths").get("/v1/collections/{collection}/documents/{key}").toString())
        .contains("If-Match", "Themis-Transaction", "revision-mismatch");
    JsonNode stale =
        docs.get("paths")
            .get("/v1/collections/{collection}/documents/{key}")
            .get("put")
            .get("responses")
            .get("412");
    assertThat(stale.get("content").propertyNames()).containsExactly("application/problem+json");
    assertThat(docs.toString()).doesNotContain("ApiCaller");
  }

  @Test
  void suspendedTenantReadsButCannotWrite() throws Exception {
    String tenant = signUp("paused@example.org", "Paused Ltd");
    TenantApi paused = apiFor("paused@example.org");
    assertThat(paused.post("/v1/collections", "{\"name\":\"c\"}").statusCode()).isEqualTo(201);
    paused.post("/v1/collections/c/documents", "{\"_key\":\"d\"}");
    ConsoleSession ops = operator();
    assertThat(
            ops.send("POST", "/console/api/operator/tenants/" + tenant + "/suspend", null)
                .statusCode())
        .isEqualTo(200);

    assertThat(paused.get("/v1/collections/c/documents/d").statusCode()).isEqualTo(200);
    problem(
        paused.post("/v1/collections/c/documents", "{\"_key\":\"e\"}"), 403, "tenant-suspended");
    problem(paused.delete("/v1/collections/c/documents/d"), 403, "tenant-suspended");
    problem(paused.post("/v1/transactions", "{}"), 403, "tenant-suspended");
    assertThat(json(paused.get("/v1/collections/c")).get("documentCount").asInt()).isEqualTo(1);
  }

  @Test
  void restoreBringsBackTheBackupAndKeepsTheReplacedData() throws Exception {
    createCollection("vault");
    api.post("/v1/collections/vault/documents", "{\"_key\":\"before\"}");
    HttpResponse<String> backup = api.post("/v1/backups", "");
    assertThat(backup.statusCode()).as(backup.body()).isEqualTo(201);
    String id = json(backup).get("id").asString();
    api.post("/v1/collections/vault/documents", "{\"_key\":\"after\"}");

    String open = beginTransaction();
    problem(api.post("/v1/backups/" + id + "/restore", ""), 409, "transactions-open");
    api.post("/v1/transactions/" + open + "/abort", "");
    // An open query cursor holds a read snapshot: the restore closes it rather than waiting.
    String cursor =
        json(api.post("/v1/query", "{\"query\":\"FOR d IN vault RETURN d\",\"batchSize\":1}"))
            .get("cursor")
            .asString();

    HttpResponse<String> restored = api.post("/v1/backups/" + id + "/restore", "");
    assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
    problem(api.post("/v1/query/" + cursor, ""), 404, "cursor-not-found");
    assertThat(api.get("/v1/collections/vault/documents/before").statusCode()).isEqualTo(200);
    assertThat(api.get("/v1/collections/vault/documents/after").statusCode()).isEqualTo(404);

    String previous = json(restored).get("previousData").get("id").asString();
    assertThat(json(api.get("/v1/backups")).findValuesAsString("id")).contains(id, previous);
    assertThat(api.post("/v1/backups/" + previous + "/restore", "").statusCode()).isEqualTo(200);
    assertThat(api.get("/v1/collections/vault/documents/after").statusCode())
        .as("the restore itself can be undone")
        .isEqualTo(200);
    problem(api.get("/v1/backups/..etc"), 404, "not-found");
  }

  @Test
  void deletingATenantDestroysItsEngineDataAndBackups() throws Exception {
    String tenant = signUp("gone@example.org", "Gone GmbH");
    TenantApi gone = apiFor("gone@example.org");
    gone.post("/v1/collections", "{\"name\":\"c\"}");
    assertThat(gone.post("/v1/backups", "").statusCode()).isEqualTo(201);
    assertThat(gone.post("/v1/transactions", "{}").statusCode()).isEqualTo(201);
    HttpResponse<String> query =
        gone.post("/v1/query", "{\"query\":\"FOR i IN 1..5 RETURN i\",\"batchSize\":1}");
    assertThat(json(query).get("hasMore").asBoolean())
        .as("an open cursor holds the database")
        .isTrue();
    Path engineData = dataDir.resolve("engine").resolve(tenant);
    Path backups = dataDir.resolve("backups").resolve(tenant);
    assertThat(engineData).isDirectory();
    assertThat(backups).isDirectory();

    assertThat(
            operator().send("DELETE", "/console/api/operator/tenants/" + tenant, null).statusCode())
        .isEqualTo(204);

    assertThat(engineData).doesNotExist();
    assertThat(backups).doesNotExist();
    assertThat(gone.get("/v1/collections").statusCode()).isEqualTo(401);
    assertThat(dataDir.resolve("engine").resolve(tenantId)).isDirectory();
  }

  // --- steps ---

  private String signUp(String email, String org) throws Exception {
    return TenantJourney.signUp(platform, email, PASSWORD, org, log::getOut)
        .get("tenantId")
        .asString();
  }

  private TenantApi apiFor(String email) throws Exception {
    return TenantJourney.apiClient(platform, email, PASSWORD, "docs", TenantJourney.allScopes());
  }

  private ConsoleSession operator() throws Exception {
    ConsoleSession ops = new ConsoleSession(platform);
    assertThat(ops.signIn(OPS, OPS_PASSWORD).statusCode()).isEqualTo(200);
    return ops;
  }

  private void createCollection(String name) throws Exception {
    HttpResponse<String> created = api.post("/v1/collections", "{\"name\":\"" + name + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private String beginTransaction() throws Exception {
    HttpResponse<String> begun = api.post("/v1/transactions", "{\"timeoutSeconds\":120}");
    assertThat(begun.statusCode()).as(begun.body()).isEqualTo(201);
    return json(begun).get("id").asString();
  }

  private long count(String collection) throws Exception {
    return json(api.get("/v1/collections/" + collection)).get("documentCount").asLong();
  }
}
