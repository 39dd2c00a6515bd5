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
   * The GPU job rate as a request policy ({@code gpu-jobs}, per 60 s) for the rate limiter; empty
   * when the plan allows no GPU jobs.
   */
  public Optional<RequestLimit> gpuJobLimit() {
    return gpuJobsPerMinute == 0
        ? Optional.empty()
        : Optional.of(new RequestLimit("gpu-jobs", gpuJobsPerMinute, 60));
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
