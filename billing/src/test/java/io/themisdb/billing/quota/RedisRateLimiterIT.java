package io.themisdb.billing.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.themisdb.billing.plan.RequestLimit;
import io.themisdb.billing.quota.redis.RedisRateLimiterFactory;
import io.themisdb.testsupport.RealRedis;
import io.themisdb.testsupport.RedisServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract on a real Redis, plus what only a shared backend promises. */
@RealRedis
class RedisRateLimiterIT extends RateLimiterContract {

  private final RedisServer redis;
  private final String prefix = "test:" + UUID.randomUUID() + ":";

  RedisRateLimiterIT(RedisServer redis) {
    this.redis = redis;
  }

  @Override
  protected RateLimiter open() {
    return RateLimiterFactory.byId(RedisRateLimiterFactory.ID)
        .create(new RateLimiterSettings(prefix, Map.of("redis.url", redis.url())));
  }

  /** Test buckets have month-long windows; delete them rather than leave them in a shared Redis. */
  @AfterEach
  void deleteTestKeys() {
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*"));
        if (!page.getKeys().isEmpty()) {
          c.sync().del(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      client.shutdown();
    }
  }

  @Test
  void bucketKeysLiveUnderTheConfiguredPrefixAndExpire() {
    limiter.tryAcquire(RateLimitKey.tenant(tenant), List.of(new RequestLimit("burst", 5, 60)));

    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      List<String> keys = c.sync().keys(prefix + "tenant:" + tenant + "*");
      assertThat(keys).hasSize(1);
      // Full again after at most 60 s of refill, plus Bucket4j's 10 s margin.
      assertThat(c.sync().pttl(keys.getFirst())).isBetween(1L, 70_000L);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void twoApplicationInstancesShareOneBucketPerTenant() throws Exception {
    int quota = 40;
    List<RequestLimit> policies = List.of(new RequestLimit("burst", quota, MONTH_SECONDS));
    RateLimitKey key = RateLimitKey.tenant(tenant);
    // A second limiter is a second Lettuce client: what another platform instance would hold.
    try (RateLimiter otherInstance = open()) {
      long accepted = hammer(List.of(limiter, otherInstance), key, policies, 8, 10);

      assertThat(accepted).isEqualTo(quota);
      assertThat(otherInstance.tryAcquire(key, policies))
          .isInstanceOf(RateLimitDecision.Exhausted.class);
    }
  }

  @Test
  void oneInstanceSeesWhatTheOtherTook() {
    List<RequestLimit> policies = List.of(new RequestLimit("burst", 10, MONTH_SECONDS));
    RateLimitKey key = RateLimitKey.tenant(tenant);
    try (RateLimiter otherInstance = open()) {
      limiter.tryAcquire(key, policies);
      limiter.tryAcquire(key, policies);

      RateLimitDecision seen = otherInstance.tryAcquire(key, policies);

      assertThat(seen.statuses().getFirst().remaining()).isEqualTo(7);
    }
  }

  @Test
  void unreachableRedisFailsWithABackendError() {
    try (RateLimiter dead =
        RateLimiterFactory.byId(RedisRateLimiterFactory.ID)
            .create(new RateLimiterSettings(prefix, Map.of("redis.url", "redis://127.0.0.1:1")))) {
      throw new AssertionError("connected to nothing: " + dead);
    } catch (RateLimitBackendException expected) {
      assertThat(expected).hasMessageContaining("127.0.0.1:1");
    }
  }
}
