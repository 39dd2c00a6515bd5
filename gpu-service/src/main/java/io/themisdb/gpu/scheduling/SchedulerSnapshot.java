package io.themisdb.gpu.scheduling;

import java.util.List;

/**
 * What the scheduler is doing now, for metrics and the operator console.
 *
 * @param accelerator id of the accelerator in use
 * @param tenants one entry per tenant that ever submitted, sorted by tenant
 * @param batches batches dispatched
 * @param acceleratorCalls accelerator calls made (a batch fuses compatible kNN jobs into one)
 * @param meanBatchJobs mean jobs per batch
 * @param meanBatchCost mean work units per batch
 * @param maxBatchCost largest batch seen, in work units
 * @param rejections submits refused, all tenants
 * @param residentBytes bytes of resident vector sets
 * @param residentBudgetBytes the budget they share
 */
public record SchedulerSnapshot(
    String accelerator,
    List<TenantQueueSnapshot> tenants,
    long batches,
    long acceleratorCalls,
    double meanBatchJobs,
    double meanBatchCost,
    long maxBatchCost,
    long rejections,
    long residentBytes,
    long residentBudgetBytes) {

  public SchedulerSnapshot {
    tenants = List.copyOf(tenants);
  }

  /**
   * The entry of {@code tenant}.
   *
   * @throws IllegalArgumentException when the tenant never submitted a job
   */
  public TenantQueueSnapshot tenant(String tenant) {
    return tenants.stream()
        .filter(t -> t.tenant().equals(tenant))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no jobs seen from tenant " + tenant));
  }
}
