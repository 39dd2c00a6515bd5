package io.themisdb.gpu.app;

import io.themisdb.gpu.scheduling.AcceleratorTimeListener;
import io.themisdb.gpu.scheduling.AcceleratorTimeUsed;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accelerator time per tenant not yet collected by platform-api, which meters it. platform-api
 * drains it periodically ({@code POST /v1/usage/drain}); draining hands out whole milliseconds and
 * keeps the sub-millisecond rest, so short calls add up instead of rounding away. Several
 * platform-api replicas may drain: each millisecond is handed out once.
 */
final class AcceleratorUsageLedger implements AcceleratorTimeListener {

  private static final long NANOS_PER_MILLI = 1_000_000;

  private final ConcurrentHashMap<String, AtomicLong> nanos = new ConcurrentHashMap<>();

  @Override
  public void acceleratorTimeUsed(AcceleratorTimeUsed event) {
    nanos
        .computeIfAbsent(event.tenant(), t -> new AtomicLong())
        .addAndGet(Math.max(0, event.time().toNanos()));
  }

  /** Whole milliseconds per tenant since the last drain; tenants with none are left out. */
  Map<String, Long> drainMillis() {
    var out = new TreeMap<String, Long>();
    nanos.forEach(
        (tenant, counter) -> {
          long taken = counter.getAndUpdate(n -> n % NANOS_PER_MILLI);
          long millis = taken / NANOS_PER_MILLI;
          if (millis > 0) {
            out.put(tenant, millis);
          }
        });
    return out;
  }
}
