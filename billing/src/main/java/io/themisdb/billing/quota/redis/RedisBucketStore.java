package io.themisdb.billing.quota.redis;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.themisdb.billing.quota.BucketStore;
import io.themisdb.billing.quota.RateLimitBackendException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Buckets in Redis through Bucket4j's compare-and-swap proxy over one Lettuce connection. Every
 * instance that uses the same Redis and key prefix shares the buckets. Keys expire once their
 * bucket would be full again, so idle tenants leave nothing behind.
 *
 * <p>Concurrent checks of one key in this process are batched into one Redis round trip (Bucket4j's
 * batching optimisation, which lives in the proxy object, hence the proxy cache): without it, 16
 * threads hammering one tenant retried their compare-and-swap until the request timeout expired.
 *
 * <p>Bucket4j computes refill from each client's clock: instances need synchronised clocks (NTP),
 * as Bucket4j documents.
 */
final class RedisBucketStore implements BucketStore {

  private static final int MAX_CACHED_PROXIES = 100_000;

  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final ProxyManager<byte[]> buckets;
  private final String prefix;
  private final ConcurrentHashMap<String, BucketProxy> proxies = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  RedisBucketStore(String url, String prefix, Duration timeout) {
    this.prefix = prefix;
    this.client = RedisClient.create(url);
    try {
      this.connection = client.connect(ByteArrayCodec.INSTANCE);
    } catch (RuntimeException e) {
      client.shutdown();
      throw new RateLimitBackendException("Cannot connect to Redis at " + url, e);
    }
    this.buckets =
        Bucket4jLettuce.casBasedBuilder(connection)
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofSeconds(10)))
            .requestTimeout(timeout)
            .build();
  }

  @Override
  public VerboseResult<ConsumptionProbe> tryConsume(
      String key, BucketConfiguration configuration, long cost) {
    if (proxies.size() > MAX_CACHED_PROXIES) {
      // Proxies hold no bucket state (that is in Redis), so dropping them all is safe.
      proxies.clear();
    }
    BucketProxy bucket = proxies.computeIfAbsent(key, k -> proxy(k, configuration));
    try {
      return bucket.asVerbose().tryConsumeAndReturnRemaining(cost);
    } catch (RuntimeException e) {
      throw new RateLimitBackendException("Redis rate-limit check failed for " + key, e);
    }
  }

  private BucketProxy proxy(String key, BucketConfiguration configuration) {
    byte[] redisKey = (prefix + key).getBytes(StandardCharsets.UTF_8);
    return buckets
        .builder()
        .withOptimization(Optimizations.batching())
        .build(redisKey, () -> configuration);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      connection.close();
      client.shutdown();
    }
  }
}
