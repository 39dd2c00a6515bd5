package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.billing.Billing;
import io.themisdb.billing.invoice.PlanChange;
import io.themisdb.billing.invoice.SpendControls;
import io.themisdb.billing.invoice.SubscriptionHistory;
import io.themisdb.platform.billing.webhook.KeyRotationEvents;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Outbound webhooks end to end: a receiver on 127.0.0.1 verifies every delivery's Standard Webhooks
 * signature with the secret shown at registration; a failing receiver sees retries with growing
 * delays, across a restart of the platform on the same data; an endpoint that keeps failing is
 * disabled, and redelivery through the API sends again once it is enabled.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutboundWebhooksIT {

  private static final String OPS = "ops-webhooks@example.org";
  private static final String OPS_PASSWORD = "operator passphrase 9";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dataDir;

  private static Map<String, String> settings(int maxFailures) {
    return Map.ofEntries(
        Map.entry("themis.bootstrap.operator-email", OPS),
        Map.entry("themis.bootstrap.operator-password", OPS_PASSWORD),
        Map.entry("themis.billing.webhooks.allow-private-addresses", "true"),
        Map.entry("themis.billing.webhooks.poll-interval", "100ms"),
        Map.entry("themis.billing.webhooks.retry-initial", "400ms"),
        Map.entry("themis.billing.webhooks.retry-multiplier", "2"),
        Map.entry("themis.billing.webhooks.retry-max", "10s"),
        // An attempt cut off by the shutdown is due again after the lease.
        Map.entry("themis.billing.webhooks.request-timeout", "2s"),
        Map.entry("themis.billing.webhooks.lease", "5s"),
        Map.entry("themis.billing.webhooks.max-failures", Integer.toString(maxFailures)));
  }

  @Test
  void everyEventArrivesSignedWithTheEndpointSecret(CapturedOutput log) throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver();
        RunningPlatform platform = RunningPlatform.embedded(dataDir, settings(10))) {
      TenantApi api = RateLimitsIT.apiFor(platform, "hooks@webhooks.example", "Hooked", log);
      UUID tenant = UUID.fromString(json(api.get("/v1/tenant")).get("id").asString());
      JsonNode endpoint =
          register(
              api,
              receiver.url(),
              "tenant.suspended",
              "tenant.resumed",
              "invoice.finalized",
              "key.rotated");
      String secret = endpoint.get("secret").asString();
      assertThat(secret).startsWith("whsec_");
      String endpointPath = "/v1/webhooks/endpoints/" + endpoint.get("id").asString();
      assertThat(api.get(endpointPath).body()).doesNotContain(secret);
      assertThat(log.getOut()).doesNotContain(secret);

      ConsoleSession ops = new ConsoleSession(platform);
      assertThat(ops.signIn(OPS, OPS_PASSWORD).statusCode()).isEqualTo(200);
      String tenantPath = "/console/api/operator/tenants/" + tenant;
      assertThat(ops.send("POST", tenantPath + "/suspend", null).statusCode()).isEqualTo(200);
      assertThat(ops.send("POST", tenantPath + "/resume", null).statusCode()).isEqualTo(200);
      platform
          .context()
          .getBean(Billing.class)
          .invoices()
          .run(
              new SubscriptionHistory(
                  tenant.toString(),
                  List.of(new PlanChange(Instant.parse("2026-01-01T00:00:00Z"), "developer"))),
              YearMonth.of(2026, 1),
              SpendControls.UNSET);
      // An encryption policy creates the tenant's keys; a refused rotation sends nothing.
      assertThat(api.post("/v1/keys/rotate", "").statusCode()).isEqualTo(409);
      assertThat(api.post("/v1/collections", "{\"name\":\"people\"}").statusCode()).isEqualTo(201);
      api.put("/v1/collections/people/encryption", "{\"fields\":{\"ssn\":\"randomized\"}}");
      HttpResponse<String> rotated = api.post("/v1/keys/rotate", "");
      assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(202);
      int primary = json(rotated).get("primary").get("version").asInt();

      List<WebhookReceiver.Received> got = receiver.awaitRequests(4, WAIT);
      Map<String, JsonNode> byType = new java.util.HashMap<>();
      for (WebhookReceiver.Received r : got) {
        WebhookReceiver.verify(r, secret);
        JsonNode body = TenantJourney.JSON.readTree(r.text());
        assertThat(body.get("data").get("tenantId").asString()).isEqualTo(tenant.toString());
        byType.put(body.get("type").asString(), body.get("data"));
      }
      // Deliveries run in parallel: no order is promised, each event arrives.
      assertThat(byType)
          .containsOnlyKeys(
              "tenant.suspended", "tenant.resumed", "invoice.finalized", "key.rotated");
      assertThat(byType.get("tenant.suspended").get("reason").asString()).isEqualTo("operator");
      assertThat(byType.get("key.rotated").get("version").asInt()).isEqualTo(primary);
      JsonNode invoice = byType.get("invoice.finalized");
      assertThat(invoice.get("period").asString()).isEqualTo("2026-01");
      assertThat(invoice.get("total").asLong()).isEqualTo(1900);

      JsonNode deliveries = json(api.get(endpointPath + "/deliveries"));
      assertThat(deliveries.size()).isEqualTo(4);
      for (JsonNode d : deliveries) {
        assertThat(d.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(d.get("log").get(0).get("statusCode").asInt()).isEqualTo(204);
      }
    }
  }

  @Test
  void aFailingReceiverSeesGrowingRetriesAndNothingIsLostAcrossARestart(CapturedOutput log)
      throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      receiver.answer(503, 500, 502, 503);
      UUID tenant;
      String secret;
      String messageId;
      try (RunningPlatform first = RunningPlatform.embedded(dataDir, settings(10))) {
        TenantApi api = RateLimitsIT.apiFor(first, "retry@webhooks.example", "Retried", log);
        tenant = UUID.fromString(json(api.get("/v1/tenant")).get("id").asString());
        secret = register(api, receiver.url(), "key.rotated").get("secret").asString();
        KeyRotationEvents keys = first.context().getBean(KeyRotationEvents.class);
        first
            .context()
            .getBean(TransactionTemplate.class)
            .executeWithoutResult(s -> keys.keyRotated(tenant, "k", 7));
        // Two failed attempts here; the platform stops with the delivery still pending.
        messageId = receiver.awaitRequests(2, WAIT).getFirst().id();
      }
      try (RunningPlatform second = RunningPlatform.embedded(dataDir, settings(10))) {
        List<WebhookReceiver.Received> got = receiver.awaitRequests(5, WAIT);
        JdbcClient jdbc = second.context().getBean(JdbcClient.class);
        awaitStatus(jdbc, messageId, "SUCCEEDED");
        for (WebhookReceiver.Received r : got) {
          assertThat(r.id()).as("one message, the same id on every attempt").isEqualTo(messageId);
          WebhookReceiver.verify(r, secret);
        }
        List<Long> delays =
            jdbc.sql(
                    "SELECT a.retry_delay_ms FROM webhook_attempts a"
                        + " JOIN webhook_deliveries d ON d.id = a.delivery_id"
                        + " WHERE d.message_id = ? ORDER BY a.attempt")
                .param(messageId)
                .query(Long.class)
                .list();
        assertThat(delays).hasSize(5);
        assertThat(delays.getLast()).as("no retry after the success").isNull();
        List<Long> retries = delays.subList(0, 4);
        // Equal jitter keeps every uncapped delay above any earlier one: 400 ms × 2^(n-1).
        for (int i = 1; i < retries.size(); i++) {
          assertThat(retries.get(i)).isGreaterThan(retries.get(i - 1));
        }
        for (int i = 1; i < got.size(); i++) {
          Duration gap = Duration.between(got.get(i - 1).at(), got.get(i).at());
          assertThat(gap.toMillis())
              .as("attempt %d came no sooner than its retry delay", i + 1)
              .isGreaterThanOrEqualTo(retries.get(i - 1));
        }
        assertThat(receiver.received()).hasSize(5);
      }
    }
  }

  @Test
  void anEndpointThatKeepsFailingIsDisabledAndRedeliveryResends(CapturedOutput log)
      throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver();
        RunningPlatform platform = RunningPlatform.embedded(dataDir, settings(3))) {
      receiver.answer(500, 500, 500);
      TenantApi api = RateLimitsIT.apiFor(platform, "down@webhooks.example", "Down", log);
      UUID tenant = UUID.fromString(json(api.get("/v1/tenant")).get("id").asString());
      String endpoint = register(api, receiver.url(), "key.rotated").get("id").asString();
      String endpointPath = "/v1/webhooks/endpoints/" + endpoint;
      KeyRotationEvents keys = platform.context().getBean(KeyRotationEvents.class);
      platform
          .context()
          .getBean(TransactionTemplate.class)
          .executeWithoutResult(s -> keys.keyRotated(tenant, "k", 1));
      receiver.awaitRequests(3, WAIT);
      JsonNode disabled = awaitEndpoint(api, endpointPath, false);
      assertThat(disabled.get("disabledReason").asString()).contains("3 consecutive");
      JsonNode delivery = json(api.get(endpointPath + "/deliveries")).get(0);
      assertThat(delivery.get("status").asString()).isEqualTo("FAILED");
      assertThat(delivery.get("log").size()).isEqualTo(3);

      String redeliver = "/v1/webhooks/deliveries/" + delivery.get("id").asString() + "/redeliver";
      assertThat(api.post(redeliver, "").statusCode()).as("endpoint disabled").isEqualTo(409);
      assertThat(api.post(endpointPath + "/enable", "").statusCode()).isEqualTo(200);
      HttpResponse<String> again = api.post(redeliver, "");
      assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
      receiver.awaitRequests(4, WAIT);
      awaitStatus(
          platform.context().getBean(JdbcClient.class),
          delivery.get("messageId").asString(),
          "SUCCEEDED");
      assertThat(json(api.get(endpointPath + "/deliveries")).get(0).get("log").size()).isEqualTo(4);
    }
  }

  @Test
  void registrationValidatesAndDeletionRemoves(CapturedOutput log) throws Exception {
    try (RunningPlatform platform =
        RunningPlatform.embedded(dataDir, Map.of("themis.billing.webhooks.max-endpoints", "1"))) {
      TenantApi api = RateLimitsIT.apiFor(platform, "v@webhooks.example", "Valid", log);
      String ok = "{\"url\":\"https://hooks.example.org/in\",\"eventTypes\":[\"key.rotated\"]}";
      assertThat(api.post("/v1/webhooks/endpoints", ok.replace("https", "http")).statusCode())
          .as("plain http")
          .isEqualTo(400);
      for (String host :
          List.of("127.0.0.1", "10.1.2.3", "[::1]", "169.254.169.254", "localhost")) {
        assertThat(
                api.post("/v1/webhooks/endpoints", ok.replace("hooks.example.org", host))
                    .statusCode())
            .as(host)
            .isEqualTo(400);
      }
      assertThat(api.post("/v1/webhooks/endpoints", ok.replace("key.rotated", "nope")).statusCode())
          .isEqualTo(400);
      assertThat(
              api.post("/v1/webhooks/endpoints", "{\"url\":\"https://hooks.example.org/in\"}")
                  .statusCode())
          .isEqualTo(400);

      HttpResponse<String> created = api.post("/v1/webhooks/endpoints", ok);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(api.post("/v1/webhooks/endpoints", ok).statusCode())
          .as("one at most")
          .isEqualTo(409);
      String path = "/v1/webhooks/endpoints/" + json(created).get("id").asString();
      assertThat(api.delete(path).statusCode()).isEqualTo(204);
      assertThat(api.get(path).statusCode()).isEqualTo(404);
      assertThat(api.get("/v1/webhooks/endpoints/not-a-uuid").statusCode()).isEqualTo(404);
    }
  }

  private static JsonNode register(TenantApi api, String url, String... types) throws Exception {
    StringBuilder list = new StringBuilder();
    for (String t : types) {
      list.append(list.isEmpty() ? "" : ",").append('"').append(t).append('"');
    }
    HttpResponse<String> created =
        api.post(
            "/v1/webhooks/endpoints", "{\"url\":\"" + url + "\",\"eventTypes\":[" + list + "]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created);
  }

  private static void awaitStatus(JdbcClient jdbc, String messageId, String status)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (!status.equals(
        jdbc.sql("SELECT status FROM webhook_deliveries WHERE message_id = ?")
            .param(messageId)
            .query(String.class)
            .single())) {
      assertThat(Instant.now()).as("delivery %s reaches %s", messageId, status).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static JsonNode awaitEndpoint(TenantApi api, String path, boolean enabled)
      throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      JsonNode e = json(api.get(path));
      if (e.get("enabled").asBoolean() == enabled) {
        return e;
      }
      assertThat(Instant.now()).as("endpoint enabled=%s", enabled).isBefore(deadline);
      Thread.sleep(50);
    }
  }
}
