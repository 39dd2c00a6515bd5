package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** The free plan's collection and storage caps, cut small, refuse writes past them. */
@ExtendWith(OutputCaptureExtension.class)
class PlanCapsIT {

  @TempDir Path dataDir;

  @Test
  void writesPastTheCollectionOrStorageCapAnswerPlanCapExceeded(CapturedOutput log)
      throws Exception {
    try (RunningPlatform platform =
        RunningPlatform.embedded(
            dataDir,
            Map.of(
                "themis.billing.plan-overrides.free.collections", "2",
                "themis.billing.plan-overrides.free.storage-bytes", "4096"))) {
      TenantApi api = RateLimitsIT.apiFor(platform, "caps@caps.example", "Caps", log);
      assertThat(api.post("/v1/collections", "{\"name\":\"one\"}").statusCode()).isEqualTo(201);
      assertThat(api.post("/v1/collections", "{\"name\":\"two\"}").statusCode()).isEqualTo(201);

      HttpResponse<String> third = api.post("/v1/collections", "{\"name\":\"three\"}");
      assertThat(third.statusCode()).as(third.body()).isEqualTo(403);
      JsonNode problem = json(third);
      assertThat(problem.get("type").asString())
          .isEqualTo("https://themisdb.io/problems/plan-cap-exceeded");
      assertThat(problem.get("cap").asString()).isEqualTo("collections");
      assertThat(problem.get("limit").asLong()).isEqualTo(2);

      HttpResponse<String> small =
          api.post("/v1/collections/one/documents", "{\"_key\":\"s\",\"v\":1}");
      assertThat(small.statusCode()).as(small.body()).isEqualTo(201);

      String big = "{\"_key\":\"b\",\"v\":\"" + "x".repeat(5000) + "\"}";
      HttpResponse<String> refused = api.post("/v1/collections/one/documents", big);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      assertThat(json(refused).get("cap").asString()).isEqualTo("storage-bytes");
      assertThat(api.get("/v1/collections/one/documents/b").statusCode()).isEqualTo(404);

      assertThat(api.delete("/v1/collections/one/documents/s").statusCode())
          .as("deletes make room and are never refused")
          .isLessThan(300);
      assertThat(api.delete("/v1/collections/two").statusCode()).isLessThan(300);
      assertThat(api.post("/v1/collections", "{\"name\":\"three\"}").statusCode())
          .as("a dropped collection frees its slot")
          .isEqualTo(201);
    }
  }
}
