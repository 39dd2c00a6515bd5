package io.themisdb.billing.quota;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;

/**
 * Where a backend keeps its Bucket4j buckets: in this process or in Redis. The shared logic that
 * turns a Bucket4j result into a {@link RateLimitDecision} lives in {@link BucketRateLimiter}.
 */
public interface BucketStore extends AutoCloseable {

  /**
   * Tries to take {@code cost} tokens from the bucket stored under {@code key}, creating it from
   * {@code configuration} (full) when absent.
   *
   * @throws RateLimitBackendException when the store cannot be reached
   */
  VerboseResult<ConsumptionProbe> tryConsume(
      String key, BucketConfiguration configuration, long cost);

  /** Releases connections; idempotent. */
  @Override
  void close();
}
