package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Per-tenant request limits over HTTP, with the free plan's burst cut to 3 per hour so that no
 * request refills during the test.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitsIT {

  static final String PASSWORD = "rate limit passphrase";
  static final Pattern REMAINING = Pattern.compile("\"burst\";r=(\\d+);t=(\\d+)");

  /** The free plan with a burst of 3 per hour; sustained stays large. */
  static Map<String, String> tinyFreePlan() {
    return Map.of(
        "themis.billing.plan-overrides.free.burst.quota", "3",
        "themis.billing.plan-overrides.free.burst.window", "1h");
  }

  @TempDir static Path dataDir;
  private RunningPlatform platform;
  private CapturedOutput log;

  @BeforeAll
  void start(CapturedOutput log) {
    this.log = log;
    Map<String, String> props = new java.util.HashMap<>(tinyFreePlan());
    props.put("themis.billing.address-quota", "20");
    props.put("themis.billing.address-window", "1h");
    platform = RunningPlatform.embedded(dataDir, props);
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  @Test
  @Order(1)
  void headersCountDownThenTheTenantGets429WhileAnotherTenantIsUnaffected() throws Exception {
    TenantApi a = apiFor(platform, "a@limits.example", "Limits A", log);
    for (int expected = 2; expected >= 0; expected--) {
      HttpResponse<String> ok = a.get("/v1/tenant");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(header(ok, "RateLimit-Policy"))
          .isEqualTo("\"burst\";q=3;w=3600, \"sustained\";q=100000000;w=3600");
      assertThat(remaining(ok)).isEqualTo(expected);
    }

    HttpResponse<String> refused = a.get("/v1/tenant");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(Long.parseLong(header(refused, "Retry-After"))).isPositive();
    assertThat(remaining(refused)).isZero();
    JsonNode problem = json(refused);
    assertThat(problem.get("type").asString())
        .isEqualTo("https://themisdb.io/problems/quota-exceeded");
    assertThat(problem.get("violated-policies").get(0).asString()).isEqualTo("burst");

    TenantApi b = apiFor(platform, "b@limits.example", "Limits B", log);
    HttpResponse<String> other = b.get("/v1/tenant");
    assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
    assertThat(remaining(other)).isEqualTo(2);
  }

  @Test
  @Order(2) // last: it uses up the address quota that signups and logins need
  void passwordResetIsLimitedPerClientAddress() throws Exception {
    // Signups and logins of the other test may have used part of the address quota (20 per hour):
    // send until refused, and at most the quota plus one.
    HttpResponse<String> last = null;
    for (int i = 0; i < 21 && (last == null || last.statusCode() != 429); i++) {
      last = platform.postJson("/v1/password-reset", "{\"email\":\"nobody@limits.example\"}");
      assertThat(header(last, "RateLimit-Policy")).isEqualTo("\"address\";q=20;w=3600");
    }
    assertThat(last.statusCode()).isEqualTo(429);
    assertThat(json(last).get("violated-policies").get(0).asString()).isEqualTo("address");
  }

  static TenantApi apiFor(RunningPlatform platform, String email, String org, CapturedOutput log)
      throws Exception {
    TenantJourney.signUp(platform, email, PASSWORD, org, log::getOut);
    return TenantJourney.apiClient(platform, email, PASSWORD, "limits", TenantJourney.allScopes());
  }

  static long remaining(HttpResponse<String> response) {
    Matcher m = REMAINING.matcher(header(response, "RateLimit"));
    assertThat(m.find()).as(header(response, "RateLimit")).isTrue();
    return Long.parseLong(m.group(1));
  }

  static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name));
  }
}
