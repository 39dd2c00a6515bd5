package io.themisdb.platform.gpu;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where the engine's vector and geo batches run ({@code themis.gpu.*}; docs/configuration.md).
 *
 * @param serviceUrl the standalone GPU service; unset (the default) runs the scheduler in-process
 * @param bearerSecret the secret the standalone service expects; required with {@code serviceUrl},
 *     never logged
 * @param requestTimeout how long one call to the standalone service may take, default 30 s
 * @param usageDrainInterval how often accelerator time is collected from the standalone service for
 *     metering, default 10 s
 * @param accelerator in-process only: {@code cuda} (falls back to {@code cpu} where it cannot run)
 *     or {@code cpu}
 * @param residentBudget in-process only: memory the resident vector sets share, default 1 GB
 */
@ConfigurationProperties("themis.gpu")
public record GpuSettings(
    URI serviceUrl,
    String bearerSecret,
    @DefaultValue("30s") Duration requestTimeout,
    @DefaultValue("10s") Duration usageDrainInterval,
    @DefaultValue("cuda") String accelerator,
    @DefaultValue("1GB") DataSize residentBudget) {

  public GpuSettings {
    if (serviceUrl != null && serviceUrl.toString().isBlank()) {
      serviceUrl = null; // THEMIS_GPU_SERVICE_URL set but empty, as compose does: in-process
    }
    if (serviceUrl != null && (bearerSecret == null || bearerSecret.isBlank())) {
      throw new IllegalArgumentException(
          "themis.gpu.bearer-secret must be set when themis.gpu.service-url is: the GPU service"
              + " refuses calls without it");
    }
  }

  boolean remote() {
    return serviceUrl != null;
  }

  @Override
  public String toString() {
    return "GpuSettings[serviceUrl="
        + serviceUrl
        + ", accelerator="
        + accelerator
        + ", bearerSecret=(hidden)]";
  }
}
