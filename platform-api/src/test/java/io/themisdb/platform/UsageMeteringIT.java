package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.billing.Billing;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** Usage metered per request shows in the usage API after a flush and survives a restart. */
@ExtendWith(OutputCaptureExtension.class)
class UsageMeteringIT {

  private static final Pattern USAGE = Pattern.compile("ru=(\\d+), wu=(\\d+)");

  @TempDir Path dataDir;

  /** Read and write units the client was told, summed. */
  private long told;

  private long toldWrites;

  @Test
  void usageShownOnEachResponseIsWhatTheUsageApiReportsAcrossARestart(CapturedOutput log)
      throws Exception {
    String token;
    try (RunningPlatform platform = RunningPlatform.embedded(dataDir, Map.of())) {
      TenantApi api = RateLimitsIT.apiFor(platform, "meter@usage.example", "Meter", log);
      token = api.token();
      count(api.post("/v1/collections", "{\"name\":\"items\"}"), 201);
      for (int i = 0; i < 5; i++) {
        count(api.post("/v1/collections/items/documents", "{\"n\":" + i + "}"), 201);
        count(api.get("/v1/collections/items"), 200);
      }
      assertThat(toldWrites)
          .as("every write costs at least one write unit")
          .isGreaterThanOrEqualTo(6);

      platform.context().getBean(Billing.class).meter().flush();
      long before = told;
      JsonNode hours = usage(api, "hour");
      assertThat(sum(hours, "readUnits") + sum(hours, "writeUnits")).isEqualTo(before);
      assertThat(sum(hours, "writeUnits")).isEqualTo(toldWrites);
      count(api.get("/v1/tenant"), 200); // recorded, not flushed: the shutdown must write it
    }

    try (RunningPlatform restarted = RunningPlatform.embedded(dataDir, Map.of())) {
      TenantApi api = new TenantApi(restarted, token);
      long before = told;
      JsonNode days = usage(api, "day");
      assertThat(sum(days, "readUnits") + sum(days, "writeUnits"))
          .as("usage after the restart, the first usage call included")
          .isEqualTo(before);
    }
  }

  private JsonNode usage(TenantApi api, String granularity) throws Exception {
    Instant now = Instant.now();
    HttpResponse<String> r =
        api.get(
            "/v1/usage?granularity="
                + granularity
                + "&from="
                + now.minus(2, ChronoUnit.DAYS)
                + "&to="
                + now.plus(1, ChronoUnit.HOURS));
    JsonNode rows = json(r);
    count(r, 200); // the usage call itself is metered too, after its rows were read
    return rows;
  }

  private void count(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    String header = response.headers().firstValue("Themis-Usage").orElseThrow();
    Matcher m = USAGE.matcher(header);
    assertThat(m.find()).as(header).isTrue();
    long ru = Long.parseLong(m.group(1));
    long wu = Long.parseLong(m.group(2));
    assertThat(ru + wu).as("a successful request costs something: %s", header).isPositive();
    told += ru + wu;
    toldWrites += wu;
  }

  private static long sum(JsonNode rows, String field) {
    long sum = 0;
    for (JsonNode row : rows) {
      sum += row.get(field).asLong();
    }
    return sum;
  }
}
