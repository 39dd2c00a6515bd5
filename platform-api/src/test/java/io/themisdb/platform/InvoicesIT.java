package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
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

/** An operator's invoice run for a closed month, seen through the tenant's invoice API. */
@ExtendWith(OutputCaptureExtension.class)
class InvoicesIT {

  private static final String OPS = "ops-invoices@example.org";
  private static final String OPS_PASSWORD = "operator passphrase 7";

  @TempDir Path dataDir;

  @Test
  void aRunInvoicesTheMonthOnceAndTheTenantReadsIt(CapturedOutput log) throws Exception {
    try (RunningPlatform platform =
        RunningPlatform.embedded(
            dataDir,
            Map.of(
                "themis.bootstrap.operator-email", OPS,
                "themis.bootstrap.operator-password", OPS_PASSWORD))) {
      TenantApi api = RateLimitsIT.apiFor(platform, "bill@invoices.example", "Billed", log);
      UUID tenant = UUID.fromString(json(api.get("/v1/tenant")).get("id").asString());
      // The tenant signed up today; pretend it has been on developer since 1 October 2026.
      JdbcClient jdbc = platform.context().getBean(JdbcClient.class);
      jdbc.sql(
              "UPDATE subscription_changes SET plan_id = 'developer', effective_at = ?"
                  + " WHERE tenant_id = ?")
          .params(OffsetDateTime.parse("2026-10-01T00:00:00Z"), tenant)
          .update();

      ConsoleSession ops = new ConsoleSession(platform);
      assertThat(ops.signIn(OPS, OPS_PASSWORD).statusCode()).isEqualTo(200);
      HttpResponse<String> run =
          ops.send("POST", "/console/api/operator/invoice-runs", "{\"period\":\"2026-10\"}");
      assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
      assertThat(json(run).get("invoices").asInt()).isEqualTo(1);
      HttpResponse<String> again =
          ops.send("POST", "/console/api/operator/invoice-runs", "{\"period\":\"2026-10\"}");
      assertThat(json(again).get("total").asLong()).isEqualTo(json(run).get("total").asLong());

      HttpResponse<String> got = api.get("/v1/invoices/2026-10");
      assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
      JsonNode invoice = json(got);
      assertThat(invoice.get("currency").asString()).isEqualTo("EUR");
      assertThat(invoice.get("total").asLong()).as("a whole month's base fee").isEqualTo(1900);
      assertThat(invoice.get("lines").get(0).get("kind").asString()).isEqualTo("base-fee");
      assertThat(json(api.get("/v1/invoices")).size()).as("the second run added none").isEqualTo(1);

      assertThat(api.get("/v1/invoices/2026-09").statusCode()).isEqualTo(404);
      HttpResponse<String> open =
          ops.send("POST", "/console/api/operator/invoice-runs", "{\"period\":\"2099-01\"}");
      assertThat(open.statusCode()).as("a month not yet closed").isEqualTo(409);
    }
  }
}
