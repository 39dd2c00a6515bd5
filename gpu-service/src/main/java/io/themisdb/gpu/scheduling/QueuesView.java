package io.themisdb.gpu.scheduling;

import java.time.Duration;
import java.util.List;

/**
 * {@link SchedulerSnapshot} in plain numbers, the shape both deployments answer as JSON (the
 * standalone service's {@code GET /v1/queues}, platform-api's operator view): durations as
 * milliseconds (decimal fractions), every other field as the snapshot names it.
 */
public record QueuesView(
    String accelerator,
    List<TenantQueue> tenants,
    long batches,
    long acceleratorCalls,
    double meanBatchJobs,
    double meanBatchCost,
    long maxBatchCost,
    long rejections,
    long residentBytes,
    long residentBudgetBytes) {

  /** One tenant's queue; see {@link TenantQueueSnapshot} for the fields. */
  public record TenantQueue(
      String tenant,
      int weight,
      int depth,
      int capacity,
      long submitted,
      long completed,
      long failed,
      long rejected,
      long expired,
      long cancelled,
      double meanWaitMillis,
      double p99WaitMillis,
      long p99WaitBatches,
      double acceleratorMillis) {

    static TenantQueue of(TenantQueueSnapshot t) {
      return new TenantQueue(
          t.tenant(),
          t.weight(),
          t.depth(),
          t.capacity(),
          t.submitted(),
          t.completed(),
          t.failed(),
          t.rejected(),
          t.expired(),
          t.cancelled(),
          millis(t.meanWait()),
          millis(t.p99Wait()),
          t.p99WaitBatches(),
          millis(t.acceleratorTime()));
    }
  }

  public static QueuesView of(SchedulerSnapshot s) {
    return new QueuesView(
        s.accelerator(),
        s.tenants().stream().map(TenantQueue::of).toList(),
        s.batches(),
        s.acceleratorCalls(),
        s.meanBatchJobs(),
        s.meanBatchCost(),
        s.maxBatchCost(),
        s.rejections(),
        s.residentBytes(),
        s.residentBudgetBytes());
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }
}
