package io.themisdb.billing.quota.redis;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.themisdb.billing.quota.BucketStore;
import io.themisdb.billing.quota.RateLimitBackendException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Buckets in Redis through Bucket4j's compare-and-swap proxy over one Lettuce connection. Every
 * instance that uses the same Redis and key prefix shares the buckets. Keys expire once their
 * bucket would be full again, so idle tenants leave nothing behind. Bucket4j computes refill from
 * each client's clock: instances need synchronised clocks (NTP), as Bucket4j documents.
 */
final class RedisBucketStore implements BucketStore {

  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final ProxyManager<byte[]> buckets;
  private final String prefix;
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
    byte[] redisKey = (prefix + key).getBytes(StandardCharsets.UTF_8);
    try {
      return buckets
          .builder()
          .build(redisKey, () -> configuration)
          .asVerbose()
          .tryConsumeAndReturnRemaining(cost);
    } catch (RuntimeException e) {
      throw new RateLimitBackendException("Redis rate-limit check failed for " + key, e);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      connection.close();
      client.shutdown();
    }
  }
}
