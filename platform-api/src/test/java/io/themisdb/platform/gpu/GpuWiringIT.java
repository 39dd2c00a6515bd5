package io.themisdb.platform.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.spi.VectorMetric;
import io.themisdb.engine.spi.VectorSet;
import io.themisdb.gpu.BatchScheduler;
import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.scheduling.AcceleratorTimeListener;
import io.themisdb.gpu.scheduling.SchedulerSettings;
import io.themisdb.platform.RunningPlatform;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform hands the GPU service to its engine: in-process by default, remote when set. */
class GpuWiringIT {

  @TempDir Path dataDir;

  @Test
  void byDefaultTheEngineUsesAnInProcessScheduler() {
    try (var platform =
        RunningPlatform.embedded(dataDir, Map.of("themis.gpu.accelerator", "cpu"))) {
      var accelerator = platform.context().getBean(EngineHost.class).extensions().accelerator();
      assertThat(accelerator).isInstanceOf(GpuBatchAccelerator.class);
      var set =
          new VectorSet(UUID.randomUUID().toString(), "s", 1, 2, () -> new float[] {0, 0, 5, 5});
      assertThat(accelerator.nearest(set, VectorMetric.EUCLIDEAN, new float[] {4, 4}, 1))
          .singleElement()
          .satisfies(n -> assertThat(n.getFirst().row()).isEqualTo(1));
      assertThat(((GpuBatchAccelerator) accelerator).cpuFallbacks()).isZero();
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
                Map.of(
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
    }
  }
}
