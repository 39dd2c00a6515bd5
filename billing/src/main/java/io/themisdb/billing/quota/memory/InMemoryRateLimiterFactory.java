package io.themisdb.billing.quota.memory;

import io.themisdb.billing.quota.BucketRateLimiter;
import io.themisdb.billing.quota.RateLimiter;
import io.themisdb.billing.quota.RateLimiterFactory;
import io.themisdb.billing.quota.RateLimiterSettings;

/**
 * Backend {@code memory}: buckets in this JVM, the all-in-one default. Instances in different JVMs
 * do not share limits; use {@code redis} for that.
 */
public final class InMemoryRateLimiterFactory implements RateLimiterFactory {

  public static final String ID = "memory";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public RateLimiter create(RateLimiterSettings settings) {
    return new BucketRateLimiter(new LocalBucketStore(System::nanoTime));
  }
}
