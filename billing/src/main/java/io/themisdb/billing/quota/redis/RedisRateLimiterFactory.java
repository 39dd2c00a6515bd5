package io.themisdb.billing.quota.redis;

import io.themisdb.billing.quota.BucketRateLimiter;
import io.themisdb.billing.quota.RateLimiter;
import io.themisdb.billing.quota.RateLimiterFactory;
import io.themisdb.billing.quota.RateLimiterSettings;
import java.time.Duration;

/**
 * Backend {@code redis}: buckets in Redis, shared by every platform instance with the same key
 * prefix. Settings: {@code redis.url} (required, {@code redis://host:port}), {@code
 * redis.timeout-ms} (default 5000).
 */
public final class RedisRateLimiterFactory implements RateLimiterFactory {

  public static final String ID = "redis";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public RateLimiter create(RateLimiterSettings settings) {
    String url = settings.require("redis.url");
    long timeoutMs = Long.parseLong(settings.properties().getOrDefault("redis.timeout-ms", "5000"));
    return new BucketRateLimiter(
        new RedisBucketStore(url, settings.keyPrefix(), Duration.ofMillis(timeoutMs)));
  }
}
