package io.themisdb.platform.gpu;

import io.themisdb.billing.Billing;
import io.themisdb.engine.spi.EngineExtensions;
import io.themisdb.gpu.BatchScheduler;
import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.scheduling.SchedulerSettings;
import io.themisdb.platform.databases.TenantDatabases;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the GPU service's deployment and hands it to the engine as its batch accelerator: the
 * standalone service when {@code themis.gpu.service-url} is set, else a scheduler in this process.
 */
@Configuration(proxyBeanMethods = false)
class GpuConfiguration {

  private static final Logger log = LoggerFactory.getLogger(GpuConfiguration.class);

  @Bean
  GpuUsageMetering gpuUsageMetering(Billing billing) {
    return new GpuUsageMetering(billing.meter());
  }

  @Bean(destroyMethod = "close")
  GpuDeployment gpuDeployment(GpuSettings settings, GpuUsageMetering metering) {
    if (settings.remote()) {
      var client =
          new GpuServiceClient(
              settings.serviceUrl(), settings.bearerSecret(), settings.requestTimeout());
      log.info("GPU service: remote at {}", settings.serviceUrl());
      return GpuDeployment.remote(client, metering, settings.usageDrainInterval());
    }
    BatchScheduler scheduler =
        BatchScheduler.start(
            settings.accelerator(),
            AcceleratorSettings.defaults(),
            SchedulerSettings.defaults()
                .withResidentBudgetBytes(settings.residentBudget().toBytes()),
            metering);
    log.info("GPU service: in-process, {} accelerator", scheduler.acceleratorId());
    return GpuDeployment.inProcess(scheduler);
  }

  /** What EngineHosting passes to {@code EngineHost.start}. */
  @Bean
  EngineExtensions engineExtensions(GpuDeployment deployment) {
    return EngineExtensions.defaults()
        .withAccelerator(
            new GpuBatchAccelerator(
                deployment.jobs(),
                database ->
                    TenantDatabases.tenantOf(database).map(UUID::toString).orElse(database)));
  }

  /** The chosen deployment and what it owns, closed after the engine (which depends on it). */
  static final class GpuDeployment implements AutoCloseable {
    private final GpuJobs jobs;
    private final AutoCloseable owned;

    private GpuDeployment(GpuJobs jobs, AutoCloseable owned) {
      this.jobs = jobs;
      this.owned = owned;
    }

    static GpuDeployment inProcess(BatchScheduler scheduler) {
      return new GpuDeployment(new InProcessGpuJobs(scheduler), scheduler);
    }

    static GpuDeployment remote(
        GpuServiceClient client, GpuUsageMetering metering, java.time.Duration drainEvery) {
      ScheduledExecutorService drainer =
          Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().daemon().name("gpu-usage-drain").unstarted(r));
      Runnable drain =
          () -> {
            try {
              metering.recordDrained(client.drainUsage());
            } catch (RuntimeException e) {
              log.warn("Could not collect GPU usage from the GPU service: {}", e.getMessage());
            }
          };
      long millis = drainEvery.toMillis();
      drainer.scheduleWithFixedDelay(drain, millis, millis, TimeUnit.MILLISECONDS);
      return new GpuDeployment(
          client,
          () -> {
            drainer.shutdownNow();
            drain.run(); // the last usage before shutdown
          });
    }

    GpuJobs jobs() {
      return jobs;
    }

    @Override
    public void close() throws Exception {
      owned.close();
    }
  }
}
