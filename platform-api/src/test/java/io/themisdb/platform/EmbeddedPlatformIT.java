package io.themisdb.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: no external service, everything under the data directory. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedPlatformIT {

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
  void healthIsUpWithTheControlPlaneDatabaseButWithoutRedis() throws Exception {
    HttpResponse<String> health = platform.get("/actuator/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"db\"");
    assertThat(health.body()).doesNotContain("redis");
  }

  @Test
  void readinessAndLivenessProbesAnswer() throws Exception {
    assertThat(platform.get("/actuator/health/readiness").body()).contains("\"status\":\"UP\"");
    assertThat(platform.get("/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
  }

  @Test
  void prometheusScrapeHasJvmHttpAndEngineMetrics() throws Exception {
    platform.get("/actuator/health");

    HttpResponse<String> scrape = platform.get("/actuator/prometheus");

    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body())
        .contains("jvm_memory_used_bytes")
        .contains("http_server_requests")
        .contains("themis_engine_open_databases")
        .contains("themis_engine_cache_used_bytes")
        .contains("themis_engine_memory_budget_bytes")
        .contains("themis_engine_graph_cache_heap_bytes")
        .contains("themis_engine_vector_index_heap_bytes")
        .contains("themis_engine_vector_memory_budget_bytes");
  }

  @Test
  void controlPlaneLivesInTheDataDirectory() {
    assertThat(Files.exists(dataDir.resolve("control-plane/themis.mv.db"))).isTrue();
  }

  @Test
  void consoleLandingPageIsServed() throws Exception {
    HttpResponse<String> page = platform.get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>ThemisDB Cloud</title>");
  }

  @Test
  void openApiDocumentDescribesTheV1ApiWithItsOAuth2Scheme() throws Exception {
    HttpResponse<String> docs = platform.get("/v3/api-docs");

    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(docs.body()).contains("\"openapi\":\"3.1").contains("clientCredentials");
    assertThat(docs.body()).contains("/v1/signup").doesNotContain("/console/api");
    assertThat(platform.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
  }

  @Test
  void unexposedActuatorEndpointsAreNotReachable() throws Exception {
    assertThat(platform.get("/actuator/env").statusCode()).isEqualTo(404);
    assertThat(platform.get("/actuator/heapdump").statusCode()).isEqualTo(404);
  }
}
