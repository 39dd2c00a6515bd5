package io.themisdb.platform.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.billing.plan.Plans;
import io.themisdb.engine.EngineHost;
import io.themisdb.engine.spi.VectorMetric;
import io.themisdb.engine.spi.VectorSet;
import io.themisdb.gpu.BatchScheduler;
import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.scheduling.AcceleratorTimeListener;
import io.themisdb.gpu.scheduling.SchedulerSettings;
import io.themisdb.platform.ConsoleSession;
import io.themisdb.platform.RunningPlatform;
import io.themisdb.platform.TenantApi;
import io.themisdb.platform.TenantJourney;
import io.themisdb.platform.databases.TenantDatabases;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** The platform hands the GPU service to its engine: in-process by default, remote when set. */
class GpuWiringIT {

  @TempDir Path dataDir;

  private static final Map<String, String> OPERATOR =
      Map.of(
          "themis.bootstrap.operator-email", "ops@example.org",
          "themis.bootstrap.operator-password", "operator passphrase 1");

  @Test
  void byDefaultTheEngineUsesAnInProcessScheduler() throws Exception {
    var props = new java.util.HashMap<>(OPERATOR);
    props.put("themis.gpu.accelerator", "cpu");
    try (var platform = RunningPlatform.embedded(dataDir, props)) {
      var accelerator = platform.context().getBean(EngineHost.class).extensions().accelerator();
      assertThat(accelerator).isInstanceOf(GpuBatchAccelerator.class);
      var set =
          new VectorSet(UUID.randomUUID().toString(), "s", 1, 2, () -> new float[] {0, 0, 5, 5});
      assertThat(accelerator.nearest(set, VectorMetric.EUCLIDEAN, new float[] {4, 4}, 1))
          .singleElement()
          .satisfies(n -> assertThat(n.getFirst().row()).isEqualTo(1));
      assertThat(((GpuBatchAccelerator) accelerator).cpuFallbacks()).isZero();

      JsonNode queues = operatorQueues(platform);
      assertThat(queues.get("accelerator").asString()).isEqualTo("cpu");
      // every tenant's queue is in the view: operators only (the console chain's operator rule)
      assertThat(
              new ConsoleSession(platform)
                  .send("GET", "/console/api/operator/gpu/queues", null)
                  .statusCode())
          .isEqualTo(401);
      assertThat(tenantQueue(queues, set.database()).get("completed").asLong()).isEqualTo(1);
    }
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aPlanChangeGivesTheTenantItsPlansWeightInTheScheduler(CapturedOutput log) throws Exception {
    var props = new java.util.HashMap<>(OPERATOR);
    props.put("themis.gpu.accelerator", "cpu");
    try (var platform = RunningPlatform.embedded(dataDir, props)) {
      String password = "gpu weight passphrase";
      String tenant =
          TenantJourney.signUp(platform, "w@gpu.example", password, "Weights", log::getOut)
              .get("tenantId")
              .asString();
      var accelerator = platform.context().getBean(EngineHost.class).extensions().accelerator();
      var set =
          new VectorSet(
              TenantDatabases.name(UUID.fromString(tenant)),
              "s",
              1,
              2,
              () -> new float[] {0, 0, 5, 5});
      accelerator.nearest(set, VectorMetric.EUCLIDEAN, new float[] {4, 4}, 1); // a queue to show
      Plans plans = platform.context().getBean(Plans.class);
      assertThat(tenantQueue(operatorQueues(platform), tenant).get("weight").asInt())
          .isEqualTo(plans.byCode("free").limits().gpuWeight());

      TenantApi api =
          TenantJourney.apiClient(
              platform, "w@gpu.example", password, "weights", TenantJourney.allScopes());
      var changed = api.post("/v1/subscription/test-checkout", "{\"plan\":\"pro\"}");
      assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

      int pro = plans.byCode("pro").limits().gpuWeight();
      assertThat(pro).isGreaterThan(plans.byCode("free").limits().gpuWeight());
      assertThat(tenantQueue(operatorQueues(platform), tenant).get("weight").asInt())
          .isEqualTo(pro);
    }
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aPlanChangeSetsTheWeightOnTheRemoteService(CapturedOutput log) throws Exception {
    try (var scheduler =
            BatchScheduler.start(
                "cpu",
                AcceleratorSettings.defaults().withCpuThreads(1),
                SchedulerSettings.defaults(),
                AcceleratorTimeListener.NONE);
        var server = new InTestGpuServer(scheduler);
        var platform =
            RunningPlatform.embedded(
                dataDir,
                with(
                    OPERATOR,
                    "themis.gpu.service-url",
                    server.uri().toString(),
                    "themis.gpu.bearer-secret",
                    InTestGpuServer.SECRET))) {
      String password = "gpu weight passphrase";
      String tenant =
          TenantJourney.signUp(platform, "r@gpu.example", password, "Remote", log::getOut)
              .get("tenantId")
              .asString();
      TenantApi api =
          TenantJourney.apiClient(
              platform, "r@gpu.example", password, "weights", TenantJourney.allScopes());
      var changed = api.post("/v1/subscription/test-checkout", "{\"plan\":\"enterprise\"}");
      assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

      // the weight is set before any job ran, so the service's snapshot has the tenant's lane
      var accelerator = platform.context().getBean(EngineHost.class).extensions().accelerator();
      var set =
          new VectorSet(
              TenantDatabases.name(UUID.fromString(tenant)), "s", 1, 2, () -> new float[] {0, 0});
      accelerator.nearest(set, VectorMetric.EUCLIDEAN, new float[] {1, 1}, 1);
      Plans plans = platform.context().getBean(Plans.class);
      assertThat(
              scheduler.snapshot().tenants().stream()
                  .filter(t -> t.tenant().equals(tenant))
                  .findFirst()
                  .orElseThrow()
                  .weight())
          .isEqualTo(plans.byCode("enterprise").limits().gpuWeight());
    }
  }

  @Test
  void withAServiceUrlTheEngineUsesTheRemoteService() throws Exception {
    try (var scheduler =
            BatchScheduler.start(
                "cpu",
                AcceleratorSettings.defaults().withCpuThreads(1),
                SchedulerSettings.defaults(),
                AcceleratorTimeListener.NONE);
        var server = new InTestGpuServer(scheduler);
        var platform =
            RunningPlatform.embedded(
                dataDir,
                with(
                    OPERATOR,
                    "themis.gpu.service-url",
                    server.uri().toString(),
                    "themis.gpu.bearer-secret",
                    InTestGpuServer.SECRET))) {
      var accelerator =
          (GpuBatchAccelerator)
              platform.context().getBean(EngineHost.class).extensions().accelerator();
      String tenant = UUID.randomUUID().toString();
      var set = new VectorSet(tenant, "col/idx", 4, 2, () -> new float[] {0, 0, 5, 5});
      assertThat(accelerator.nearest(set, VectorMetric.EUCLIDEAN, new float[] {1, 1}, 1))
          .singleElement()
          .satisfies(n -> assertThat(n.getFirst().row()).isZero());
      assertThat(accelerator.cpuFallbacks()).isZero();
      assertThat(server.uploads).hasValue(1);
      // the database's tenant owns the set on the service, under the escaped set name
      assertThat(scheduler.residentVersion(tenant, "col~2Fidx")).hasValue(4);

      // the operator view passes the service's queues through
      JsonNode queues = operatorQueues(platform);
      assertThat(tenantQueue(queues, tenant).get("completed").asLong()).isEqualTo(1);
      server.close(); // unreachable now
      var down = new ConsoleSession(platform);
      down.signIn("ops@example.org", "operator passphrase 1");
      var answer = down.send("GET", "/console/api/operator/gpu/queues", null);
      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.body()).contains("https://themisdb.io/problems/gpu-service-unavailable");
    }
  }

  private static JsonNode operatorQueues(RunningPlatform platform) throws Exception {
    var ops = new ConsoleSession(platform);
    assertThat(ops.signIn("ops@example.org", "operator passphrase 1").statusCode()).isEqualTo(200);
    var answer = ops.send("GET", "/console/api/operator/gpu/queues", null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return TenantJourney.json(answer);
  }

  private static JsonNode tenantQueue(JsonNode queues, String tenant) {
    for (JsonNode t : queues.get("tenants")) {
      if (t.get("tenant").asString().equals(tenant)) {
        return t;
      }
    }
    throw new AssertionError("no queue of tenant " + tenant + " in " + queues);
  }

  private static Map<String, String> with(Map<String, String> base, String... pairs) {
    var out = new java.util.HashMap<>(base);
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }
}
