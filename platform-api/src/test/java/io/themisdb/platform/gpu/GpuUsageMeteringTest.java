package io.themisdb.platform.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.billing.metering.HourlyUsage;
import io.themisdb.billing.metering.UsageMeter;
import io.themisdb.gpu.scheduling.AcceleratorTimeUsed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GpuUsageMeteringTest {

  @Test
  void subMillisecondCallsAddUpAndOnlyTenantsAreBilled() {
    List<HourlyUsage> written = new ArrayList<>();
    UsageMeter meter = UsageMeter.manual(written::addAll, Clock.systemUTC());
    var metering = new GpuUsageMetering(meter);
    String tenant = UUID.randomUUID().toString();

    for (int i = 0; i < 10; i++) {
      metering.acceleratorTimeUsed(
          new AcceleratorTimeUsed(tenant, "cpu", Duration.ofNanos(300_000), 1)); // 0.3 ms each
    }
    metering.acceleratorTimeUsed(
        new AcceleratorTimeUsed("not-a-tenant", "cpu", Duration.ofSeconds(5), 1));
    metering.recordDrained(Map.of(tenant, 7L, "not-a-tenant", 9L));
    meter.flush();

    assertThat(written).hasSize(1);
    assertThat(written.getFirst().tenantId()).isEqualTo(tenant);
    assertThat(written.getFirst().gpuMillis()).isEqualTo(3 + 7);
  }
}
