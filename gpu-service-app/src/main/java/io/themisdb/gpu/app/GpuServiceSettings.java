package io.themisdb.gpu.app;

import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.scheduling.SchedulerSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the standalone service ({@code themis.gpu-service.*}); docs/configuration.md lists
 * them.
 *
 * @param bearerSecret the secret platform-api sends as {@code Authorization: Bearer}; required, at
 *     least {@value #MIN_SECRET_LENGTH} characters; never logged
 * @param accelerator {@code cuda} (falls back to {@code cpu} where it cannot run) or {@code cpu}
 * @param maxBodySize largest binary body a request may announce (default 1 GB)
 * @param cpuThreads threads of the CPU accelerator, 0 for one per available processor
 */
@ConfigurationProperties("themis.gpu-service")
public record GpuServiceSettings(
    String bearerSecret,
    @DefaultValue("cuda") String accelerator,
    @DefaultValue("1GB") DataSize maxBodySize,
    @DefaultValue("0") int cpuThreads,
    @DefaultValue("0") int cudaDevice,
    @DefaultValue("256MB") DataSize cudaScratch,
    @DefaultValue("256") int maxBatchSize,
    @DefaultValue("2ms") Duration maxWait,
    @DefaultValue("1024") int queueCapacity,
    @DefaultValue("16") int quantum,
    @DefaultValue("1") int defaultWeight,
    @DefaultValue("30s") Duration defaultTimeout,
    @DefaultValue("1GB") DataSize residentBudget) {

  public static final int MIN_SECRET_LENGTH = 16;

  public GpuServiceSettings {
    if (bearerSecret == null || bearerSecret.isBlank()) {
      throw new IllegalArgumentException(
          "themis.gpu-service.bearer-secret must be set (THEMIS_GPU_SERVICE_BEARER_SECRET): "
              + "platform-api authenticates with it");
    }
    if (bearerSecret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "themis.gpu-service.bearer-secret must have at least "
              + MIN_SECRET_LENGTH
              + " characters");
    }
  }

  AcceleratorSettings acceleratorSettings() {
    int threads = cpuThreads > 0 ? cpuThreads : Runtime.getRuntime().availableProcessors();
    return new AcceleratorSettings(threads, cudaDevice, cudaScratch.toBytes());
  }

  SchedulerSettings schedulerSettings() {
    return new SchedulerSettings(
        maxBatchSize,
        maxWait,
        queueCapacity,
        quantum,
        defaultWeight,
        defaultTimeout,
        residentBudget.toBytes());
  }

  /** Keeps the secret out of logs and failure analyses that print the settings. */
  @Override
  public String toString() {
    return "GpuServiceSettings[accelerator="
        + accelerator
        + ", maxBatchSize="
        + maxBatchSize
        + ", maxWait="
        + maxWait
        + ", queueCapacity="
        + queueCapacity
        + ", residentBudget="
        + residentBudget
        + ", bearerSecret=(hidden)]";
  }
}
