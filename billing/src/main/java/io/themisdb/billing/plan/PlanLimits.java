package io.themisdb.billing.plan;

import java.util.List;
import java.util.Objects;

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
}
