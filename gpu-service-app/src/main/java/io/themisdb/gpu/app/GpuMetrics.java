package io.themisdb.gpu.app;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.themisdb.gpu.BatchScheduler;
import io.themisdb.gpu.scheduling.AcceleratorTimeListener;
import io.themisdb.gpu.scheduling.AcceleratorTimeUsed;
import io.themisdb.gpu.scheduling.SchedulerSnapshot;
import io.themisdb.gpu.scheduling.TenantQueueSnapshot;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The service's Micrometer meters (docs/gpu-service.md lists them). Per call: accelerator time and
 * jobs served, from the scheduler's listener. Per tenant: queue depth, waits and rejections, read
 * from a {@link SchedulerSnapshot} at most once a second, since one scrape reads many gauges.
 */
final class GpuMetrics implements AcceleratorTimeListener {

  private static final long SNAPSHOT_TTL_NANOS = 1_000_000_000L;

  private final MeterRegistry registry;
  private final Set<String> registeredTenants = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Timer> callTimers = new ConcurrentHashMap<>();
  private final DistributionSummary jobsPerCall;
  private volatile BatchScheduler scheduler;
  private volatile SchedulerSnapshot snapshot;
  private volatile long snapshotAt;

  GpuMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.jobsPerCall =
        DistributionSummary.builder("themis.gpu.call.jobs")
            .description("Jobs served by one accelerator call (fused kNN jobs or one geo job)")
            .register(registry);
  }

  /** Starts the snapshot-based meters; the scheduler is built after this listener. */
  void bind(BatchScheduler scheduler) {
    this.scheduler = scheduler;
    gauge("themis.gpu.batch.mean.cost", "Mean work units per batch", s -> s.meanBatchCost());
    gauge("themis.gpu.batch.mean.jobs", "Mean jobs per batch", s -> s.meanBatchJobs());
    gauge("themis.gpu.resident.bytes", "Bytes of resident vector sets", s -> s.residentBytes());
    FunctionCounter.builder("themis.gpu.batches", this, m -> m.latest().batches())
        .description("Batches dispatched")
        .register(registry);
    FunctionCounter.builder("themis.gpu.rejections", this, m -> m.latest().rejections())
        .description("Submits refused because a queue was full, all tenants")
        .register(registry);
  }

  @Override
  public void acceleratorTimeUsed(AcceleratorTimeUsed event) {
    callTimers
        .computeIfAbsent(
            event.tenant(),
            tenant ->
                Timer.builder("themis.gpu.kernel.time")
                    .description("Accelerator wall time per call")
                    .tag("tenant", tenant)
                    .tag("accelerator", event.accelerator())
                    .register(registry))
        .record(event.time());
    jobsPerCall.record(event.jobs());
  }

  /** The latest snapshot, refreshed when older than a second; registers newly seen tenants. */
  SchedulerSnapshot latest() {
    long now = System.nanoTime();
    SchedulerSnapshot current = snapshot;
    if (current == null || now - snapshotAt > SNAPSHOT_TTL_NANOS) {
      current = scheduler.snapshot();
      snapshot = current;
      snapshotAt = now;
      for (TenantQueueSnapshot t : current.tenants()) {
        if (registeredTenants.add(t.tenant())) {
          registerTenant(t.tenant());
        }
      }
    }
    return current;
  }

  private void registerTenant(String tenant) {
    tenantGauge(tenant, "themis.gpu.queue.depth", "Jobs queued now", t -> t.depth());
    tenantGauge(
        tenant,
        "themis.gpu.queue.wait.mean.seconds",
        "Mean wait from submit to dispatch over the last 1,024 jobs",
        t -> t.meanWait().toNanos() / 1e9);
    tenantGauge(
        tenant,
        "themis.gpu.queue.wait.p99.seconds",
        "99th percentile wait from submit to dispatch over the last 1,024 jobs",
        t -> t.p99Wait().toNanos() / 1e9);
    FunctionCounter.builder(
            "themis.gpu.queue.rejected", this, m -> tenantValue(m, tenant, t -> t.rejected()))
        .description("Submits refused because the tenant's queue was full")
        .tag("tenant", tenant)
        .register(registry);
    FunctionCounter.builder(
            "themis.gpu.queue.expired", this, m -> tenantValue(m, tenant, t -> t.expired()))
        .description("Jobs whose deadline passed before they ran")
        .tag("tenant", tenant)
        .register(registry);
  }

  private void gauge(String name, String description, ToDoubleFunction<SchedulerSnapshot> value) {
    Gauge.builder(name, this, m -> value.applyAsDouble(m.latest()))
        .description(description)
        .register(registry);
  }

  private void tenantGauge(
      String tenant, String name, String description, ToDoubleFunction<TenantQueueSnapshot> f) {
    Gauge.builder(name, this, m -> tenantValue(m, tenant, f))
        .description(description)
        .tag("tenant", tenant)
        .register(registry);
  }

  private static double tenantValue(
      GpuMetrics metrics, String tenant, ToDoubleFunction<TenantQueueSnapshot> f) {
    for (TenantQueueSnapshot t : metrics.latest().tenants()) {
      if (t.tenant().equals(tenant)) {
        return f.applyAsDouble(t);
      }
    }
    return Double.NaN;
  }
}
