package io.themisdb.platform.problem;

import static io.themisdb.platform.TenantJourney.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.platform.RunningPlatform;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Bad input gets a 4xx problem with a stable type URI, and changes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemResponsesIT {

  @TempDir static Path dataDir;
  private RunningPlatform platform;

  @BeforeAll
  void start() {
    platform = RunningPlatform.embedded(dataDir, Map.of());
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  @Test
  void malformedJsonIs400MalformedRequest() throws Exception {
    assertProblem(platform.postJson("/v1/signup", "{\"email\": "), 400, "malformed-request");
  }

  @Test
  void wrongTypesAre400() throws Exception {
    assertProblem(
        platform.postJson("/v1/signup", "{\"email\":[1],\"password\":{},\"organisationName\":3}"),
        400,
        "malformed-request");
  }

  @Test
  void invalidFieldsAreListedWithoutTheirValues() throws Exception {
    HttpResponse<String> response =
        platform.postJson(
            "/v1/signup",
            "{\"email\":\"not-an-email\",\"password\":\"secret-value-x\",\"organisationName\":\"\"}");

    JsonNode body = assertProblem(response, 400, "validation-failed");
    assertThat(body.get("errors").toString()).contains("email", "organisationName");
    assertThat(response.body()).doesNotContain("secret-value-x");
  }

  @Test
  void weakPasswordIsRefusedAndNoAccountIsCreated() throws Exception {
    assertProblem(
        platform.postJson(
            "/v1/signup",
            "{\"email\":\"weak@example.org\",\"password\":\"password1234\",\"organisationName\":\"W\"}"),
        400,
        "validation-failed");
    assertThat(
            JdbcClient.create(platform.context().getBean(javax.sql.DataSource.class))
                .sql("SELECT count(*) FROM users WHERE email_normalized = 'weak@example.org'")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    HttpResponse<String> response =
        platform.send(
            platform
                .request("/v1/signup")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
    assertProblem(response, 415, "unsupported-media-type");
  }

  @Test
  void wrongMethodIs405() throws Exception {
    HttpResponse<String> response =
        platform.send(
            platform.request("/v1/signup").PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertProblem(response, 405, "method-not-allowed");
  }

  @Test
  void unacceptableResponseTypeIs406() throws Exception {
    HttpResponse<String> response =
        platform.send(
            platform
                .request("/v1/signup/resend")
                .header("Content-Type", "application/json")
                .header("Accept", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.org\"}")));
    assertThat(response.statusCode()).isEqualTo(406);
  }

  @Test
  void unknownPathWithoutTokenIs401AndUnknownConsolePageIs404() throws Exception {
    assertProblem(platform.get("/v1/no-such-thing"), 401, "unauthenticated");
    assertProblem(platform.get("/no-such-page"), 404, "not-found");
  }

  private static JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode body = json(response);
    assertThat(body.get("type").asString()).isEqualTo(ProblemType.BASE + type);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    return body;
  }
}
