package io.themisdb.gpu.app;

import io.themisdb.gpu.scheduling.SchedulerSnapshot;
import io.themisdb.gpu.scheduling.TenantQueueSnapshot;
import java.time.Duration;
import java.util.List;

/**
 * {@link SchedulerSnapshot} as JSON for {@code GET /v1/queues}: durations as milliseconds (decimal
 * fractions), every other field as the snapshot names it.
 */
record QueuesView(
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

  record TenantQueue(
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

  static QueuesView of(SchedulerSnapshot s) {
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
