package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's alert threshold and spend cap: the month-to-date estimate (base fee plus flushed
 * usage) sends usage.threshold_reached once a month, the cap stops metered work but not billing,
 * and the invoice run flags both.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpendControlsIT {

  private static final String OPS = "ops-spend@example.org";
  private static final String OPS_PASSWORD = "operator passphrase 5";

  @TempDir Path dataDir;

  @Test
  void thresholdAlertsOnceAndTheCapStopsMeteredWork(CapturedOutput log) throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver();
        RunningPlatform platform =
            RunningPlatform.embedded(
                dataDir,
                Map.of(
                    "themis.bootstrap.operator-email",
                    OPS,
                    "themis.bootstrap.operator-password",
                    OPS_PASSWORD,
                    "themis.billing.webhooks.allow-private-addresses",
                    "true",
                    "themis.billing.webhooks.poll-interval",
                    "100ms"))) {
      TenantApi api = RateLimitsIT.apiFor(platform, "spender@spend.example", "Spender", log);
      UUID tenant = UUID.fromString(json(api.get("/v1/tenant")).get("id").asString());
      assertThat(
              api.post("/v1/subscription/test-checkout", "{\"plan\":\"developer\"}").statusCode())
          .isEqualTo(200);
      // On developer since the month began, whatever day this runs: its whole base fee (1900
      // cents) is this month's spend so far.
      JdbcClient jdbc = platform.context().getBean(JdbcClient.class);
      jdbc.sql("DELETE FROM subscription_changes WHERE tenant_id = ? AND plan_id = 'free'")
          .param(tenant)
          .update();
      jdbc.sql("UPDATE subscription_changes SET effective_at = ? WHERE tenant_id = ?")
          .params(
              java.time.YearMonth.now(java.time.ZoneOffset.UTC)
                  .atDay(1)
                  .atStartOfDay()
                  .atOffset(java.time.ZoneOffset.UTC),
              tenant)
          .update();
      HttpResponse<String> hook =
          api.post(
              "/v1/webhooks/endpoints",
              "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[\"usage.threshold_reached\"]}");
      assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
      String secret = json(hook).get("secret").asString();

      assertThat(
              api.put("/v1/spend-controls", "{\"alertThreshold\":-1,\"spendCap\":0}").statusCode())
          .isEqualTo(400);
      HttpResponse<String> set =
          api.put("/v1/spend-controls", "{\"alertThreshold\":1000,\"spendCap\":0}");
      assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
      JsonNode view = json(set);
      assertThat(view.get("spent").asLong()).isGreaterThanOrEqualTo(1900);
      assertThat(view.get("alertThresholdReached").asBoolean()).isTrue();
      assertThat(view.get("capReached").asBoolean()).isFalse();
      assertThat(api.get("/v1/spend-controls").statusCode()).as("checked again").isEqualTo(200);

      WebhookReceiver.Received alert = receiver.awaitRequests(1, Duration.ofSeconds(60)).getFirst();
      WebhookReceiver.verify(alert, secret);
      JsonNode body = TenantJourney.JSON.readTree(alert.text());
      assertThat(body.get("type").asString()).isEqualTo("usage.threshold_reached");
      assertThat(body.get("data").get("threshold").asLong()).isEqualTo(1000);
      assertThat(body.get("data").get("spent").asLong()).isGreaterThanOrEqualTo(1900);
      assertThat(
              jdbc.sql(
                      "SELECT count(*) FROM webhook_messages WHERE tenant_id = ?"
                          + " AND event_type = 'usage.threshold_reached'")
                  .param(tenant)
                  .query(Integer.class)
                  .single())
          .as("once a month, however often it is checked")
          .isEqualTo(1);

      HttpResponse<String> capped =
          api.put("/v1/spend-controls", "{\"alertThreshold\":1000,\"spendCap\":1500}");
      assertThat(json(capped).get("capReached").asBoolean()).isTrue();
      HttpResponse<String> refused = api.get("/v1/collections");
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(json(refused).get("type").asString())
          .isEqualTo("https://themisdb.io/problems/spend-cap-reached");
      assertThat(api.get("/v1/usage").statusCode()).as("billing stays readable").isEqualTo(200);

      api.put("/v1/spend-controls", "{\"alertThreshold\":1000,\"spendCap\":1000000}");
      assertThat(api.get("/v1/collections").statusCode()).as("cap raised").isEqualTo(200);

      // The invoice run flags a past month against the stored controls.
      jdbc.sql("UPDATE subscription_changes SET effective_at = ? WHERE tenant_id = ?")
          .params(OffsetDateTime.parse("2026-10-01T00:00:00Z"), tenant)
          .update();
      api.put("/v1/spend-controls", "{\"alertThreshold\":1000,\"spendCap\":1500}");
      ConsoleSession ops = new ConsoleSession(platform);
      assertThat(ops.signIn(OPS, OPS_PASSWORD).statusCode()).isEqualTo(200);
      assertThat(
              ops.send("POST", "/console/api/operator/invoice-runs", "{\"period\":\"2026-10\"}")
                  .statusCode())
          .isEqualTo(200);
      JsonNode invoice = json(api.get("/v1/invoices/2026-10"));
      assertThat(invoice.get("total").asLong()).isEqualTo(1900);
      assertThat(invoice.get("alertThresholdReached").asBoolean()).isTrue();
      assertThat(invoice.get("spendCapReached").asBoolean()).isTrue();
    }
  }
}
