package io.themisdb.billing.plan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a plan allows.
 *
 * @param burst short-window request limit (absorbs spikes)
 * @param sustained long-window request limit (caps the average rate)
 * @param storageBytes most bytes a tenant may store; checked on write
 * @param collections most collections a tenant may create
 * @param gpuJobsPerMinute most GPU batch jobs a tenant may submit per minute
 */
public record PlanLimits(
    RequestLimit burst,
    RequestLimit sustained,
    long storageBytes,
    int collections,
    int gpuJobsPerMinute) {

  public PlanLimits {
    Objects.requireNonNull(burst, "burst");
    Objects.requireNonNull(sustained, "sustained");
    if (burst.name().equals(sustained.name())) {
      throw new IllegalArgumentException("Burst and sustained policies need distinct names");
    }
    if (storageBytes <= 0 || collections <= 0 || gpuJobsPerMinute < 0) {
      throw new IllegalArgumentException("Caps must be positive (GPU job rate may be zero)");
    }
  }

  /** Both request policies, burst first: the order the rate-limit header fields list them. */
  public List<RequestLimit> requestLimits() {
    return List.of(burst, sustained);
  }

  /**
   * The request policies of one API client of a tenant on this plan: {@code client-burst} and
   * {@code client-sustained}, each {@code sharePercent} per cent of the tenant's quota (at least
   * one request) over the same window. A client is checked against these and its tenant against
   * {@link #requestLimits()}, so one busy client cannot use up the whole tenant's quota.
   *
   * @param sharePercent 1 to 100
   */
  public List<RequestLimit> clientRequestLimits(int sharePercent) {
    if (sharePercent < 1 || sharePercent > 100) {
      throw new IllegalArgumentException("Client share must be 1 to 100 per cent: " + sharePercent);
    }
    return List.of(
        share("client-" + burst.name(), burst, sharePercent),
        share("client-" + sustained.name(), sustained, sharePercent));
  }

  private static RequestLimit share(String name, RequestLimit tenant, int percent) {
    // floor(quota * percent / 100) without overflowing for large quotas
    long q = tenant.quota();
    long quota = Math.max(1, q / 100 * percent + q % 100 * percent / 100);
    return new RequestLimit(name, quota, tenant.windowSeconds());
  }

  /**
   * The GPU job rate as a request policy ({@code gpu-jobs}, per 60 s) for the rate limiter; empty
   * when the plan allows no GPU jobs.
   */
  public Optional<RequestLimit> gpuJobLimit() {
    return gpuJobsPerMinute == 0
        ? Optional.empty()
        : Optional.of(new RequestLimit("gpu-jobs", gpuJobsPerMinute, 60));
  }

  /**
   * The tenant's weight in the GPU service's fair scheduler: one plus a tenth of the GPU job rate
   * (free 1, developer 2, pro 7, enterprise 61), so a backlogged tenant's share of GPU time grows
   * with what its plan pays for while every tenant keeps a turn.
   */
  public int gpuWeight() {
    return 1 + gpuJobsPerMinute / 10;
  }

  /**
   * Checks a write that changes stored bytes from {@code storedBytes} by {@code addedBytes}. Writes
   * that shrink storage always pass, so a tenant over its cap (after a downgrade) can delete.
   *
   * @throws CapExceededException when the result would exceed the storage cap
   */
  public void checkStorage(long storedBytes, long addedBytes) {
    long after = storedBytes + addedBytes;
    if (addedBytes > 0 && after > storageBytes) {
      throw new CapExceededException(CapExceededException.Cap.STORAGE_BYTES, storageBytes, after);
    }
  }

  /**
   * Checks creating one more collection when the tenant has {@code existing}.
   *
   * @throws CapExceededException when the tenant already has the most collections allowed
   */
  public void checkNewCollection(int existing) {
    if (existing + 1 > collections) {
      throw new CapExceededException(
          CapExceededException.Cap.COLLECTIONS, collections, existing + 1L);
    }
  }
}
