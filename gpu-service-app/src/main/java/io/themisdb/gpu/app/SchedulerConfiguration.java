package io.themisdb.gpu.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.themisdb.gpu.BatchScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link BatchScheduler} of the process and what observes it. */
@Configuration(proxyBeanMethods = false)
class SchedulerConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SchedulerConfiguration.class);

  @Bean
  AcceleratorUsageLedger acceleratorUsageLedger() {
    return new AcceleratorUsageLedger();
  }

  @Bean
  GpuMetrics gpuMetrics(MeterRegistry registry) {
    return new GpuMetrics(registry);
  }

  /** Closed at shutdown after the web server stopped taking requests (graceful shutdown). */
  @Bean(destroyMethod = "close")
  BatchScheduler batchScheduler(
      GpuServiceSettings settings, AcceleratorUsageLedger ledger, GpuMetrics metrics) {
    BatchScheduler scheduler =
        BatchScheduler.start(
            settings.accelerator(),
            settings.acceleratorSettings(),
            settings.schedulerSettings(),
            event -> {
              ledger.acceleratorTimeUsed(event);
              metrics.acceleratorTimeUsed(event);
            });
    metrics.bind(scheduler);
    log.info("GPU service: {} accelerator; {}", scheduler.acceleratorId(), settings);
    return scheduler;
  }

  /** {@code /actuator/health} names the accelerator that runs: {@code cuda} or {@code cpu}. */
  @Bean
  HealthIndicator accelerator(BatchScheduler scheduler, GpuServiceSettings settings) {
    return () ->
        Health.up()
            .withDetail("backend", scheduler.acceleratorId())
            .withDetail("requested", settings.accelerator())
            .build();
  }
}
