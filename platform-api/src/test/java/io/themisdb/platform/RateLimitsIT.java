package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.testsupport.StructuredFieldList;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Per-tenant and per-API-client request limits over HTTP, with the free plan's burst cut to 4 per
 * hour so that no request refills during the test; each client gets the default half of it.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitsIT {

  static final String PASSWORD = "rate limit passphrase";
  static final Pattern REMAINING = Pattern.compile("\"burst\";r=(\\d+);t=(\\d+)");
  static final Pattern CLIENT_REMAINING = Pattern.compile("\"client-burst\";r=(\\d+);t=(\\d+)");
  static final String POLICIES =
      "\"burst\";q=4;w=3600, \"sustained\";q=100000000;w=3600, "
          + "\"client-burst\";q=2;w=3600, \"client-sustained\";q=50000000;w=3600";

  /** The free plan with a burst of 4 per hour (2 per API client); sustained stays large. */
  static Map<String, String> tinyFreePlan() {
    return Map.of(
        "themis.billing.plan-overrides.free.burst.quota", "4",
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
  void aClientUsesUpItsShareWithoutBlockingTheOthersUntilTheTenantIsUsedUp() throws Exception {
    List<TenantApi> a = clientsOf(platform, "a@limits.example", "Limits A", 3, log);
    for (int expected = 1; expected >= 0; expected--) {
      HttpResponse<String> ok = a.get(0).get("/v1/tenant");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(header(ok, "RateLimit-Policy")).isEqualTo(POLICIES);
      assertThat(clientRemaining(ok)).isEqualTo(expected);
      assertThat(remaining(ok)).isEqualTo(expected + 2);
      // The policy closest to exhaustion comes first: the client's share of the burst.
      assertThat(StructuredFieldList.parse(header(ok, "RateLimit")).get(0).value())
          .isEqualTo("client-burst");
    }

    HttpResponse<String> clientRefused = a.get(0).get("/v1/tenant");
    assertThat(clientRefused.statusCode()).isEqualTo(429);
    assertThat(header(clientRefused, "RateLimit-Policy")).isEqualTo(POLICIES);
    assertThat(clientRemaining(clientRefused)).isZero();
    JsonNode clientProblem = json(clientRefused);
    assertThat(clientProblem.get("type").asString())
        .isEqualTo("https://themisdb.io/problems/quota-exceeded");
    assertThat(clientProblem.get("violated-policies").get(0).asString()).isEqualTo("client-burst");
    assertThat(clientProblem.get("detail").asString()).contains("this API client");

    // The first client's refusals took nothing from the tenant: the second gets the other half.
    for (int expected = 1; expected >= 0; expected--) {
      HttpResponse<String> ok = a.get(1).get("/v1/tenant");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(remaining(ok)).isEqualTo(expected);
    }

    // Now the tenant's burst is used up, and a third client with a full share is refused too.
    HttpResponse<String> refused = a.get(2).get("/v1/tenant");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(Long.parseLong(header(refused, "Retry-After"))).isPositive();
    assertThat(remaining(refused)).isZero();
    assertThat(clientRemaining(refused)).isEqualTo(1); // its request still counted against it
    JsonNode problem = json(refused);
    assertThat(problem.get("violated-policies").get(0).asString()).isEqualTo("burst");
    assertThat(problem.get("detail").asString()).contains("the tenant");

    TenantApi b = apiFor(platform, "b@limits.example", "Limits B", log);
    HttpResponse<String> other = b.get("/v1/tenant");
    assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
    assertThat(remaining(other)).isEqualTo(3);
  }

  @Test
  @Order(2)
  void parallelRequestsOfSeveralClientsNeverExceedTheTenantsOrAClientsLimit() throws Exception {
    List<TenantApi> clients = clientsOf(platform, "c@limits.example", "Limits C", 3, log);
    int perClient = 8;
    List<Callable<Integer>> calls = new ArrayList<>();
    for (TenantApi client : clients) {
      for (int i = 0; i < perClient; i++) {
        calls.add(() -> client.get("/v1/tenant").statusCode());
      }
    }
    List<Integer> statuses = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<Integer> f : pool.invokeAll(calls)) {
        statuses.add(f.get());
      }
    }
    assertThat(statuses).containsOnly(200, 429);
    // Three clients may pass their own check twice each (6), but the tenant admits only 4.
    assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(4);
    for (int c = 0; c < clients.size(); c++) {
      long accepted =
          statuses.subList(c * perClient, (c + 1) * perClient).stream()
              .filter(s -> s == 200)
              .count();
      assertThat(accepted).as("client %d", c).isLessThanOrEqualTo(2);
    }
  }

  @Test
  @Order(3) // last: it uses up the address quota that signups and logins need
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

  /** Signs up, signs in once and creates {@code count} API clients of the new tenant. */
  static List<TenantApi> clientsOf(
      RunningPlatform platform, String email, String org, int count, CapturedOutput log)
      throws Exception {
    TenantJourney.signUp(platform, email, PASSWORD, org, log::getOut);
    ConsoleSession console = new ConsoleSession(platform);
    assertThat(console.signIn(email, PASSWORD).statusCode()).isEqualTo(200);
    List<TenantApi> apis = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] client =
          TenantJourney.createClient(console, "limits-" + i, TenantJourney.allScopes());
      apis.add(new TenantApi(platform, TenantJourney.accessToken(platform, client[0], client[1])));
    }
    return apis;
  }

  static long clientRemaining(HttpResponse<String> response) {
    return parameter(CLIENT_REMAINING, response);
  }

  static long remaining(HttpResponse<String> response) {
    return parameter(REMAINING, response);
  }

  private static long parameter(Pattern pattern, HttpResponse<String> response) {
    Matcher m = pattern.matcher(header(response, "RateLimit"));
    assertThat(m.find()).as(header(response, "RateLimit")).isTrue();
    return Long.parseLong(m.group(1));
  }

  static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name));
  }
}
