package io.themisdb.billing.bench;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.themisdb.billing.metering.UsageMeter;
import io.themisdb.billing.plan.RequestLimit;
import io.themisdb.billing.quota.RateLimitKey;
import io.themisdb.billing.quota.RateLimiter;
import io.themisdb.billing.quota.RateLimiterFactory;
import io.themisdb.billing.quota.RateLimiterSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-request overhead of billing, not a test: each figure beside its baseline in the same process.
 * The in-memory rate limiter against a bare Bucket4j bucket with the same two bandwidths; the
 * metering hot path against one bare {@link LongAdder} increment; the Redis limiter against a bare
 * Lettuce GET round trip (only when {@code bench.redis} is set).
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl billing -Pbench test-compile exec:exec@billing-benchmark
 * ./mvnw -B -ntp -o -pl billing -Pbench -Dbench.redis=redis://127.0.0.1:6379 \
 *     test-compile exec:exec@billing-benchmark
 * </pre>
 */
public final class BillingBenchmark {

  private static final int OPS = Integer.getInteger("bench.ops", 2_000_000);
  private static final int REDIS_OPS = Integer.getInteger("bench.redis.ops", 20_000);
  // Never exhausted during a run; Bucket4j refills at most 1 token per nanosecond.
  private static final long BURST = 100_000_000;
  private static final long SUSTAINED = 1_000_000_000_000L;
  private static final List<RequestLimit> POLICIES =
      List.of(new RequestLimit("burst", BURST, 1), new RequestLimit("sustained", SUSTAINED, 3600));

  private BillingBenchmark() {}

  @FunctionalInterface
  private interface Operation {
    void run(int i) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    System.out.printf(
        "BillingBenchmark %s: %d cores, Java %s%n",
        LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.version());
    System.out.printf(
        "%n| figure | baseline ops/s | billing ops/s | ratio |%n|---|---:|---:|---:|%n");

    Bucket bare =
        Bucket.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(BURST)
                    .refillGreedy(BURST, Duration.ofSeconds(1))
                    .build())
            .addLimit(
                Bandwidth.builder()
                    .capacity(SUSTAINED)
                    .refillGreedy(SUSTAINED, Duration.ofHours(1))
                    .build())
            .build();
    try (RateLimiter memory =
        RateLimiterFactory.byId("memory").create(RateLimiterSettings.defaults())) {
      RateLimitKey key = RateLimitKey.tenant("bench");
      row(
          "rate-limit check, memory",
          rate(OPS, i -> bare.asVerbose().tryConsumeAndReturnRemaining(1)),
          rate(OPS, i -> memory.tryAcquire(key, POLICIES)));
    }

    LongAdder adder = new LongAdder();
    try (UsageMeter meter = UsageMeter.manual(rows -> {}, Clock.systemUTC())) {
      row(
          "usage record (ru, wu, gpu)",
          rate(OPS, i -> adder.increment()),
          rate(OPS, i -> meter.record("bench", 3, 1, 0)));
    }

    String url = System.getProperty("bench.redis");
    if (url != null && !url.isBlank()) {
      RedisClient client = RedisClient.create(url);
      String prefix = "bench:" + UUID.randomUUID() + ":";
      try (StatefulRedisConnection<String, String> c = client.connect();
          RateLimiter redis =
              RateLimiterFactory.byId("redis")
                  .create(new RateLimiterSettings(prefix, Map.of("redis.url", url)))) {
        RateLimitKey key = RateLimitKey.tenant("bench");
        row(
            "rate-limit check, redis (1 thread)",
            rate(REDIS_OPS, i -> c.sync().get(prefix + "baseline")),
            rate(REDIS_OPS, i -> redis.tryAcquire(key, POLICIES)));
        c.sync().del(c.sync().keys(prefix + "*").toArray(String[]::new));
      } finally {
        client.shutdown();
      }
    }
  }

  private static void row(String name, double baseline, double billing) {
    System.out.printf(
        "| %s | %,.0f | %,.0f | %.2f |%n", name, baseline, billing, billing / baseline);
  }

  /** Operations per second of the best of three timed runs, after one warm-up run. */
  private static double rate(int ops, Operation op) throws Exception {
    double best = 0;
    for (int run = 0; run < 4; run++) {
      long start = System.nanoTime();
      for (int i = 0; i < ops; i++) {
        op.run(i);
      }
      double perSecond = ops / ((System.nanoTime() - start) / 1e9);
      if (run > 0) {
        best = Math.max(best, perSecond);
      }
    }
    return best;
  }
}
