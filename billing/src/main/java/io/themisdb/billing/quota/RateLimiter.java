package io.themisdb.billing.quota;

import io.themisdb.billing.plan.RequestLimit;
import java.util.List;

/**
 * Token-bucket rate limiting keyed by tenant, API client or address. Thread-safe; one instance per
 * application. Instances of a shared backend (Redis) that are given the same key prefix share their
 * buckets, so several application instances enforce one limit together.
 *
 * <p>The bucket of a key is bound to its policies: a key checked with other policies (after a plan
 * change) gets a fresh bucket, full at the new plan's quotas.
 */
public interface RateLimiter extends AutoCloseable {

  /**
   * Takes {@code cost} requests from every policy of the key's bucket if all of them have enough
   * left, atomically; otherwise takes nothing.
   *
   * @param policies at least one policy, names unique
   * @param cost requests this call counts for; positive
   * @throws RateLimitBackendException when the shared backend cannot be reached
   */
  RateLimitDecision tryAcquire(RateLimitKey key, List<RequestLimit> policies, long cost);

  /** {@link #tryAcquire(RateLimitKey, List, long)} for one request. */
  default RateLimitDecision tryAcquire(RateLimitKey key, List<RequestLimit> policies) {
    return tryAcquire(key, policies, 1);
  }

  /** Releases the backend's connections; idempotent. */
  @Override
  void close();
}
