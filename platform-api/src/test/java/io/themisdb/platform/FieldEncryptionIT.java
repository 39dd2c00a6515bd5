package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.json;
import static io.themisdb.platform.TenantJourney.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import io.themisdb.encryption.keyring.FileKeysetStore;
import io.themisdb.encryption.keyring.KeyringUnreadableException;
import io.themisdb.encryption.keyring.SealedKeyring;
import io.themisdb.encryption.keyring.TenantKeyring;
import io.themisdb.encryption.kms.local.LocalMasterKeyKekProvider;
import io.themisdb.testsupport.DiskCanary;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Field encryption through the whole stack, over HTTP with the real Tink keys: policies, the canary
 * on disk and in backups, equality queries with and without index, rotation under writes with the
 * job's progress, version lifecycle, crypto-shredding and the audit trail.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FieldEncryptionIT {

  private static final String PASSWORD = "encryption passphrase";
  private static final String OPERATOR_PASSWORD = "operator passphrase 1";

  @TempDir static Path dataDir;
  private RunningPlatform platform;
  private CapturedOutput log;

  @BeforeAll
  void start(CapturedOutput log) {
    this.log = log;
    platform =
        RunningPlatform.embedded(
            dataDir,
            Map.of(
                "themis.keys.reencrypt-documents-per-second", "500",
                "themis.bootstrap.operator-email", "ops@example.org",
                "themis.bootstrap.operator-password", OPERATOR_PASSWORD));
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  @Test
  void canaryNeverReachesTheTenantsFilesOrBackups() throws Exception {
    String tenant = signUp("canary@example.org", "Canary Inc");
    TenantApi api = apiFor("canary@example.org");
    create(api, "people");
    HttpResponse<String> policy =
        api.put(
            "/v1/collections/people/encryption",
            "{\"fields\":{\"ssn\":\"randomized\",\"email\":\"deterministic\"}}");
    assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
    for (int i = 0; i < 40; i++) {
      insert(
          api,
          "people",
          person("p" + i, "SSN-MARKER-9d1e" + i, "MAIL-MARKER-77ab" + i, "CONTROL-MARKER-5c" + i));
    }
    JsonNode read = json(api.get("/v1/collections/people/documents/p3"));
    assertThat(read.get("ssn").asString()).isEqualTo("SSN-MARKER-9d1e3");
    assertThat(read.get("email").asString()).isEqualTo("MAIL-MARKER-77ab3");
    assertThat(
            api.post(
                    "/v1/collections/people/indexes",
                    "{\"name\":\"by_email\",\"fields\":[\"email\"]}")
                .statusCode())
        .isIn(201, 202);
    HttpResponse<String> randomizedIndex =
        api.post("/v1/collections/people/indexes", "{\"name\":\"by_ssn\",\"fields\":[\"ssn\"]}");
    problem(randomizedIndex, 400, "validation-failed");
    assertThat(api.post("/v1/backups", "").statusCode()).isEqualTo(201);

    for (Path dir :
        List.of(
            dataDir.resolve("engine").resolve(tenant),
            dataDir.resolve("backups").resolve(tenant))) {
      byte[] all = DiskCanary.bytesUnder(dir);
      assertThat(DiskCanary.contains(all, "CONTROL-MARKER-5c")).as("control in %s", dir).isTrue();
      assertThat(DiskCanary.contains(all, "SSN-MARKER-9d1e")).as("randomized in %s", dir).isFalse();
      assertThat(DiskCanary.contains(all, "MAIL-MARKER-77ab"))
          .as("deterministic in %s", dir)
          .isFalse();
    }
    assertThat(
            json(api.get("/v1/collections/people/encryption")).get("fields").get("ssn").asString())
        .isEqualTo("randomized");
  }

  @Test
  void equalityQueriesMatchPlaintextWithAndWithoutIndexAndOtherUsesAreRefused() throws Exception {
    signUp("query@example.org", "Query Inc");
    TenantApi api = apiFor("query@example.org");
    create(api, "plain");
    create(api, "secret");
    api.put("/v1/collections/secret/encryption", "{\"fields\":{\"email\":\"deterministic\"}}");
    for (int i = 0; i < 30; i++) {
      String doc = person("k" + i, "s" + i, "u" + (i % 4) + "@x", "n");
      insert(api, "plain", doc);
      insert(api, "secret", doc);
    }
    String eq = "FOR d IN %s FILTER d.email == @v RETURN d._key";
    String in = "FOR d IN %s FILTER d.email IN [@v, 'u2@x'] RETURN d._key";
    Set<String> eqPlain = keys(api, eq.formatted("plain"), "u1@x");
    Set<String> inPlain = keys(api, in.formatted("plain"), "u1@x");
    assertThat(eqPlain).hasSize(8);
    assertThat(keys(api, eq.formatted("secret"), "u1@x")).isEqualTo(eqPlain);
    assertThat(keys(api, in.formatted("secret"), "u1@x")).isEqualTo(inPlain);
    assertThat(
            api.post(
                    "/v1/collections/secret/indexes",
                    "{\"name\":\"by_email\",\"fields\":[\"email\"]}")
                .statusCode())
        .isIn(201, 202);
    awaitIndex(api, "secret", "by_email");
    assertThat(keys(api, eq.formatted("secret"), "u1@x")).isEqualTo(eqPlain);
    assertThat(keys(api, in.formatted("secret"), "u1@x")).isEqualTo(inPlain);

    HttpResponse<String> range =
        api.post("/v1/query", "{\"query\":\"FOR d IN secret SORT d.email RETURN d\"}");
    assertThat(problem(range, 422, "aql-semantic").get("kind").asString())
        .isEqualTo("ENCRYPTED_ATTRIBUTE");
  }

  @Test
  void rotationUnderWritesReencryptsEverythingAndOldVersionsCanGo() throws Exception {
    signUp("rotate@example.org", "Rotate Inc");
    TenantApi api = apiFor("rotate@example.org");
    create(api, "people");
    api.put(
        "/v1/collections/people/encryption",
        "{\"fields\":{\"ssn\":\"randomized\",\"email\":\"deterministic\"}}");
    for (int i = 0; i < 300; i++) {
      insert(api, "people", person("r" + i, "s" + i, "m" + (i % 10) + "@x", "n"));
    }
    String lookup = "FOR d IN people FILTER d.email == @v RETURN d._key";
    Set<String> before = keys(api, lookup, "m3@x");

    HttpResponse<String> rotated = api.post("/v1/keys/rotate", "");
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(202);
    assertThat(json(rotated).get("primary").get("version").asInt()).isEqualTo(2);
    String job = json(rotated).get("job").get("id").asString();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger written = new AtomicInteger();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!stop.get() && written.get() < 150) {
                    try {
                      int n = written.get();
                      HttpResponse<String> r =
                          api.post(
                              "/v1/collections/people/documents",
                              person("w" + n, "s-w", "m3@x", "w"));
                      if (r.statusCode() == 201) {
                        written.incrementAndGet();
                      } else if (r.statusCode() != 409) {
                        failures.add(r.body());
                      }
                    } catch (Exception e) {
                      failures.add(e.toString());
                    }
                  }
                });
    JsonNode progress = null;
    List<Long> seen = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      progress = json(api.get("/v1/keys/jobs/" + job));
      seen.add(progress.get("collections").path(0).path("processed").asLong());
      if (!progress.get("state").asString().equals("RUNNING")) {
        break;
      }
      Thread.sleep(50);
    }
    stop.set(true);
    writer.join();
    assertThat(failures).isEmpty();
    assertThat(progress.get("state").asString()).as(progress.toString()).isEqualTo("FINISHED");
    assertThat(progress.get("collections").get(0).get("rewritten").asLong()).isEqualTo(300);
    assertThat(seen).as("progress was visible while it ran").anyMatch(n -> n > 0 && n < 300);

    assertThat(api.post("/v1/keys/versions/1/disable", "").statusCode()).isEqualTo(200);
    List<String> all = strings(api, "FOR d IN people RETURN d.ssn", null);
    assertThat(all).hasSize(300 + written.get()).allMatch(s -> s.startsWith("s"));
    Set<String> after = keys(api, lookup, "m3@x");
    assertThat(after).containsAll(before);
    assertThat(after.stream().filter(k -> !k.startsWith("w")))
        .containsExactlyInAnyOrderElementsOf(before);
    problem(api.post("/v1/keys/versions/2/disable", ""), 409, "conflict");
    assertThat(api.post("/v1/keys/versions/1/destroy", "").statusCode()).isEqualTo(200);
    problem(api.post("/v1/keys/versions/9/destroy", ""), 404, "not-found");
    JsonNode versions = json(api.get("/v1/keys")).get("versions");
    assertThat(versions.get(0).get("status").asString()).isEqualTo("destroyed");
    assertThat(versions.get(1).get("status").asString()).isEqualTo("primary");

    String audit = api.get("/v1/audit").body();
    assertThat(audit)
        .contains("encryption.policy-set", "keys.rotated", "keys.reencryption-started")
        .contains("keys.version-disabled", "keys.version-destroyed");
  }

  @Test
  void afterShreddingEncryptedAttributesAndRestoredBackupsAreUnreadable() throws Exception {
    signUp("shred@example.org", "Shred Inc");
    TenantApi api = apiFor("shred@example.org");
    create(api, "people");
    create(api, "open");
    api.put("/v1/collections/people/encryption", "{\"fields\":{\"ssn\":\"randomized\"}}");
    insert(api, "people", person("a", "1", "a@x", "A"));
    insert(api, "open", "{\"_key\":\"o\"}");
    String backup = json(api.post("/v1/backups", "")).get("id").asString();

    problem(api.post("/v1/keys/shred", "{}"), 400, "validation-failed");
    HttpResponse<String> shred = api.post("/v1/keys/shred", "{\"confirm\":true}");
    assertThat(shred.statusCode()).as(shred.body()).isEqualTo(200);

    problem(api.get("/v1/collections/people/documents/a"), 410, "keys-shredded");
    problem(
        api.post("/v1/query", "{\"query\":\"FOR d IN people RETURN d\"}"), 410, "keys-shredded");
    problem(
        api.post("/v1/collections/people/documents", person("b", "2", "b@x", "B")),
        410,
        "keys-shredded");
    assertThat(api.get("/v1/collections/open/documents/o").statusCode()).isEqualTo(200);
    assertThat(api.post("/v1/backups/" + backup + "/restore", "").statusCode()).isEqualTo(200);
    problem(api.get("/v1/collections/people/documents/a"), 410, "keys-shredded");
    problem(api.post("/v1/keys/rotate", ""), 410, "keys-shredded");
    assertThat(json(api.get("/v1/keys")).has("shreddedAt")).isTrue();
    assertThat(api.get("/v1/audit").body()).contains("keys.shredded");
  }

  @Test
  void kekRotationRewrapsEveryKeyringAndTheOldKekNoLongerOpensThem() throws Exception {
    List<String> tenants = new ArrayList<>();
    List<TenantApi> apis = new ArrayList<>();
    for (String who : List.of("kek-a", "kek-b")) {
      tenants.add(signUp(who + "@example.org", who + " Inc"));
      TenantApi api = apiFor(who + "@example.org");
      create(api, "people");
      api.put("/v1/collections/people/encryption", "{\"fields\":{\"ssn\":\"randomized\"}}");
      insert(api, "people", person("p", "SSN-" + who, who + "@x", "n"));
      apis.add(api);
    }
    Path keys = dataDir.resolve("keys");
    Path oldMaster = Files.createTempDirectory("old-kek").resolve("master.key");
    Files.copy(keys.resolve("master.key"), oldMaster, StandardCopyOption.COPY_ATTRIBUTES);

    ConsoleSession user = new ConsoleSession(platform);
    user.signIn("kek-a@example.org", PASSWORD);
    assertThat(user.send("POST", "/console/api/operator/kek/rotate", null).statusCode())
        .as("tenant users cannot rotate the KEK")
        .isEqualTo(403);

    ConsoleSession ops = new ConsoleSession(platform);
    assertThat(ops.signIn("ops@example.org", OPERATOR_PASSWORD).statusCode()).isEqualTo(200);
    HttpResponse<String> rotated = ops.send("POST", "/console/api/operator/kek/rotate", null);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    JsonNode rotation = json(rotated);
    String newKek = rotation.get("kekId").asString();
    assertThat(rotation.get("rewrapped").asInt()).isGreaterThanOrEqualTo(2);
    String oldKek = rotation.get("replacedKekIds").get(0).asString();
    assertThat(oldKek).isNotEqualTo(newKek);
    assertThat(
            json(ops.send("POST", "/console/api/operator/kek/rewrap", null))
                .get("rewrapped")
                .asInt())
        .as("nothing is left to re-wrap")
        .isZero();
    HttpResponse<String> primary =
        ops.send("POST", "/console/api/operator/kek/" + newKek + "/retire", null);
    problem(primary, 409, "conflict");
    HttpResponse<String> retired =
        ops.send("POST", "/console/api/operator/kek/" + oldKek + "/retire", null);
    assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);

    for (int i = 0; i < tenants.size(); i++) {
      String tenant = tenants.get(i);
      JsonNode read = json(apis.get(i).get("/v1/collections/people/documents/p"));
      assertThat(read.get("ssn").asString()).startsWith("SSN-kek-");
      SealedKeyring sealed =
          new FileKeysetStore(keys.resolve("tenants")).load(tenant).orElseThrow();
      assertThat(sealed.kekId()).isEqualTo(newKek);
      try (LocalMasterKeyKekProvider old = LocalMasterKeyKekProvider.open(oldMaster)) {
        assertThatThrownBy(() -> old.kek(tenant, sealed.kekId()))
            .as("the old master key lacks the new KEK")
            .isInstanceOf(GeneralSecurityException.class);
        Aead oldAead = old.kek(tenant, oldKek);
        assertThatThrownBy(() -> TenantKeyring.unseal(sealed, oldAead))
            .as("the old KEK does not open the re-wrapped keyring")
            .isInstanceOf(KeyringUnreadableException.class);
      }
    }
    String audit =
        platform
            .context()
            .getBean(JdbcClient.class)
            .sql(
                "SELECT action || ':' || outcome || ':' || actor FROM audit_events WHERE action LIKE 'kek.%'")
            .query(String.class)
            .list()
            .toString();
    assertThat(audit)
        .contains("kek.rotated:SUCCESS:ops@example.org", "kek.retired:SUCCESS:ops@example.org")
        .contains("kek.retired:FAILURE:ops@example.org");
  }

  // --- helpers ---

  private String signUp(String email, String org) throws Exception {
    return TenantJourney.signUp(platform, email, PASSWORD, org, log::getOut)
        .get("tenantId")
        .asString();
  }

  private TenantApi apiFor(String email) throws Exception {
    return TenantJourney.apiClient(platform, email, PASSWORD, "crypto", TenantJourney.allScopes());
  }

  private static void create(TenantApi api, String name) throws Exception {
    assertThat(api.post("/v1/collections", "{\"name\":\"" + name + "\"}").statusCode())
        .isEqualTo(201);
  }

  private static void insert(TenantApi api, String collection, String doc) throws Exception {
    HttpResponse<String> r = api.post("/v1/collections/" + collection + "/documents", doc);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private static String person(String key, String ssn, String email, String name) {
    return "{\"_key\":\"%s\",\"ssn\":\"%s\",\"email\":\"%s\",\"name\":\"%s\"}"
        .formatted(key, ssn, email, name);
  }

  private static void awaitIndex(TenantApi api, String collection, String index) throws Exception {
    for (int i = 0; i < 200; i++) {
      JsonNode v = json(api.get("/v1/collections/" + collection + "/indexes/" + index));
      if (v.get("state").asString().equals("ready")) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("index " + index + " not ready");
  }

  private static Set<String> keys(TenantApi api, String aql, String v) throws Exception {
    return new TreeSet<>(strings(api, aql, v));
  }

  private static List<String> strings(TenantApi api, String aql, String v) throws Exception {
    String body =
        TenantJourney.JSON.writeValueAsString(
            Map.of(
                "query",
                aql,
                "batchSize",
                1000,
                "bindVars",
                v == null ? Map.of() : Map.of("v", v)));
    HttpResponse<String> r = api.post("/v1/query", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    json(r).get("result").forEach(n -> out.add(n.asString()));
    return out;
  }
}
