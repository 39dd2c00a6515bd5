package io.themisdb.platform.gpu;

import io.themisdb.billing.metering.UsageMeter;
import io.themisdb.gpu.scheduling.AcceleratorTimeListener;
import io.themisdb.gpu.scheduling.AcceleratorTimeUsed;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accelerator time into billing's usage meter as GPU milliseconds. In-process, from the scheduler's
 * events: nanoseconds add up per tenant and whole milliseconds are recorded, so short calls are not
 * rounded away. Remote, from the service's drained totals. Only tenants count: work queued under a
 * platform name (shared geo work) is not billed.
 */
final class GpuUsageMetering implements AcceleratorTimeListener {

  private static final long NANOS_PER_MILLI = 1_000_000;

  private final UsageMeter meter;
  private final ConcurrentHashMap<String, AtomicLong> nanos = new ConcurrentHashMap<>();

  GpuUsageMetering(UsageMeter meter) {
    this.meter = meter;
  }

  @Override
  public void acceleratorTimeUsed(AcceleratorTimeUsed event) {
    if (!isTenant(event.tenant())) {
      return;
    }
    AtomicLong pending = nanos.computeIfAbsent(event.tenant(), t -> new AtomicLong());
    pending.addAndGet(Math.max(0, event.time().toNanos()));
    long whole = pending.getAndUpdate(n -> n % NANOS_PER_MILLI) / NANOS_PER_MILLI;
    if (whole > 0) {
      meter.record(event.tenant(), 0, 0, whole);
    }
  }

  /** Records milliseconds drained from the standalone service. */
  void recordDrained(Map<String, Long> millisByTenant) {
    millisByTenant.forEach(
        (tenant, millis) -> {
          if (isTenant(tenant) && millis > 0) {
            meter.record(tenant, 0, 0, millis);
          }
        });
  }

  private static boolean isTenant(String name) {
    try {
      UUID.fromString(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
