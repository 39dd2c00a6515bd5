package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.accessToken;
import static io.themisdb.platform.TenantJourney.claims;
import static io.themisdb.platform.TenantJourney.createClient;
import static io.themisdb.platform.TenantJourney.getWithToken;
import static io.themisdb.platform.TenantJourney.json;
import static io.themisdb.platform.TenantJourney.lastToken;
import static io.themisdb.platform.TenantJourney.requestToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.themisdb.testsupport.PostgresDatabase;
import io.themisdb.testsupport.RealPostgres;
import io.themisdb.testsupport.RealRedis;
import io.themisdb.testsupport.RedisServer;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A stranger becomes an API user, end to end over HTTP, on the scaled-out shape: real PostgreSQL,
 * Redis and SMTP (GreenMail).
 */
@RealPostgres
@RealRedis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignupToApiIT {

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);

  private static final String PASSWORD = "correct horse battery";

  @TempDir static Path dataDir;
  private RunningPlatform platform;

  @BeforeAll
  void start(PostgresDatabase database, RedisServer redis) {
    platform =
        RunningPlatform.start(
            Map.of(
                "spring.profiles.active", "postgres",
                "themis.data-dir", dataDir.toString(),
                "THEMIS_DB_URL", database.jdbcUrl(),
                "THEMIS_DB_USER", database.user(),
                "THEMIS_DB_PASSWORD", database.password(),
                "THEMIS_REDIS_URL", redis.url(),
                "THEMIS_SMTP_HOST", "127.0.0.1",
                "THEMIS_SMTP_PORT", String.valueOf(ServerSetupTest.SMTP.getPort())));
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  @Test
  void strangerSignsUpVerifiesAndCallsTheApiUntilTheClientIsRevoked() throws Exception {
    JsonNode tenant =
        TenantJourney.signUp(
            platform,
            "ada@example.org",
            PASSWORD,
            "Analytical Engines",
            () -> mailTo("ada@example.org"));
    assertThat(tenant.get("plan").asString()).isEqualTo("free");
    String tenantId = tenant.get("tenantId").asString();

    ConsoleSession console = new ConsoleSession(platform);
    HttpResponse<String> signIn = console.signIn("ada@example.org", PASSWORD);
    assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
    assertThat(json(signIn).get("role").asString()).isEqualTo("OWNER");
    assertThat(signIn.headers().allValues("Set-Cookie"))
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("THEMIS_SESSION=")
                    .contains("HttpOnly", "Secure", "SameSite=Strict"));

    String[] client = createClient(console, "ci", "data:read", "audit:read");
    String token = accessToken(platform, client[0], client[1]);
    assertThat(claims(token).get("tenant").asString()).isEqualTo(tenantId);

    HttpResponse<String> own = getWithToken(platform, "/v1/tenant", token);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(json(own).get("name").asString()).isEqualTo("Analytical Engines");

    HttpResponse<String> audit = getWithToken(platform, "/v1/audit", token);
    assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
    assertThat(audit.body())
        .contains("tenant.provisioned", "console.sign-in", "api-client.created");

    assertThat(console.send("DELETE", "/console/api/clients/" + client[0], null).statusCode())
        .isEqualTo(204);
    HttpResponse<String> afterRevoke = getWithToken(platform, "/v1/tenant", token);
    assertThat(afterRevoke.statusCode()).isEqualTo(401);
    assertThat(afterRevoke.headers().firstValue("Content-Type"))
        .hasValue("application/problem+json");
    assertThat(afterRevoke.headers().firstValue("WWW-Authenticate"))
        .get()
        .asString()
        .startsWith("Bearer");
    assertThat(requestToken(platform, client[0], client[1]).statusCode()).isEqualTo(401);
  }

  @Test
  void verifiedTenantStoresQueriesAndCommitsOrAbortsTransactions() throws Exception {
    TenantJourney.signUp(
        platform, "eve@example.org", PASSWORD, "Eve Data", () -> mailTo("eve@example.org"));
    ConsoleSession console = new ConsoleSession(platform);
    assertThat(console.signIn("eve@example.org", PASSWORD).statusCode()).isEqualTo(200);
    String[] client = createClient(console, "app", "data:read", "data:write", "schema:write");
    TenantApi api = new TenantApi(platform, accessToken(platform, client[0], client[1]));

    assertThat(api.post("/v1/collections", "{\"name\":\"notes\"}").statusCode()).isEqualTo(201);
    HttpResponse<String> inserted =
        api.post("/v1/collections/notes/documents", "{\"_key\":\"n1\",\"text\":\"hi\"}");
    assertThat(inserted.statusCode()).as(inserted.body()).isEqualTo(201);
    assertThat(json(api.get("/v1/collections/notes/documents/n1")).get("text").asString())
        .isEqualTo("hi");
    HttpResponse<String> query =
        api.post(
            "/v1/query",
            "{\"query\":\"FOR n IN notes FILTER n.text == @t RETURN n._key\","
                + "\"bindVars\":{\"t\":\"hi\"}}");
    assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
    assertThat(json(query).get("result").toString()).isEqualTo("[\"n1\"]");

    String committed = json(api.post("/v1/transactions", "{}")).get("id").asString();
    api.post(
        "/v1/collections/notes/documents", "{\"_key\":\"n2\"}", "Themis-Transaction", committed);
    assertThat(api.post("/v1/transactions/" + committed + "/commit", "").statusCode())
        .isEqualTo(204);
    String aborted = json(api.post("/v1/transactions", "{}")).get("id").asString();
    api.post("/v1/collections/notes/documents", "{\"_key\":\"n3\"}", "Themis-Transaction", aborted);
    assertThat(api.post("/v1/transactions/" + aborted + "/abort", "").statusCode()).isEqualTo(204);

    assertThat(api.get("/v1/collections/notes/documents/n2").statusCode()).isEqualTo(200);
    assertThat(api.get("/v1/collections/notes/documents/n3").statusCode()).isEqualTo(404);
  }

  @Test
  void duplicateEmailAnswers409AndRevealsNothingMore() throws Exception {
    String body =
        "{\"email\":\"dup@example.org\",\"password\":\"%s\",\"organisationName\":\"Dup\"}";
    assertThat(platform.postJson("/v1/signup", body.formatted(PASSWORD)).statusCode())
        .isEqualTo(202);

    HttpResponse<String> again =
        platform.postJson("/v1/signup", body.replace("dup@", "DUP@").formatted(PASSWORD));

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).get("type").asString())
        .isEqualTo("https://themisdb.io/problems/email-taken");
    assertThat(again.body()).doesNotContain("PENDING").doesNotContain("Dup\"");
  }

  @Test
  void verificationLinkWorksOnceAndResendReplacesIt() throws Exception {
    platform.postJson(
        "/v1/signup",
        "{\"email\":\"bob@example.org\",\"password\":\"%s\",\"organisationName\":\"Bob\"}"
            .formatted(PASSWORD));
    String first = lastToken(mailTo("bob@example.org"));
    platform.postJson("/v1/signup/resend", "{\"email\":\"bob@example.org\"}");
    String second = lastToken(mailTo("bob@example.org"));
    assertThat(second).isNotEqualTo(first);

    HttpResponse<String> stale =
        platform.postJson("/v1/signup/verify", "{\"token\":\"" + first + "\"}");
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(json(stale).get("type").asString()).endsWith("/token-invalid");

    assertThat(
            platform.postJson("/v1/signup/verify", "{\"token\":\"" + second + "\"}").statusCode())
        .isEqualTo(201);
    assertThat(
            platform.postJson("/v1/signup/verify", "{\"token\":\"" + second + "\"}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void passwordResetByMailLetsTheUserSignInWithTheNewPassword() throws Exception {
    TenantJourney.signUp(
        platform, "cy@example.org", PASSWORD, "Cy", () -> mailTo("cy@example.org"));
    assertThat(
            platform.postJson("/v1/password-reset", "{\"email\":\"cy@example.org\"}").statusCode())
        .isEqualTo(202);
    assertThat(
            platform
                .postJson("/v1/password-reset", "{\"email\":\"nobody@example.org\"}")
                .statusCode())
        .as("unknown emails get the same answer")
        .isEqualTo(202);
    String token = lastToken(mailTo("cy@example.org"));

    HttpResponse<String> weak =
        platform.postJson(
            "/v1/password-reset/confirm", "{\"token\":\"" + token + "\",\"password\":\"short\"}");
    assertThat(weak.statusCode()).isEqualTo(400);
    HttpResponse<String> reset =
        platform.postJson(
            "/v1/password-reset/confirm",
            "{\"token\":\"" + token + "\",\"password\":\"a brand new passphrase\"}");
    assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);

    assertThat(new ConsoleSession(platform).signIn("cy@example.org", PASSWORD).statusCode())
        .isEqualTo(401);
    assertThat(
            new ConsoleSession(platform)
                .signIn("cy@example.org", "a brand new passphrase")
                .statusCode())
        .isEqualTo(200);
  }

  /** Decoded text of every mail received for {@code address}, oldest first. */
  private static String mailTo(String address) {
    StringBuilder all = new StringBuilder();
    try {
      for (MimeMessage m : SMTP.getReceivedMessages()) {
        if (GreenMailUtil.getAddressList(m.getAllRecipients()).contains(address)) {
          all.append(m.getContent()).append('\n');
        }
      }
    } catch (Exception e) {
      throw new AssertionError("Cannot read mail", e);
    }
    return all.toString();
  }
}
