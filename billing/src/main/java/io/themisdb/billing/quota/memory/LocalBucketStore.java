package io.themisdb.billing.quota.memory;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.themisdb.billing.quota.BucketStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Buckets in this process's heap (lock-free Bucket4j buckets). A bucket idle for longer than it
 * takes to refill completely is dropped: it would be full again, so a fresh one is identical and
 * the map does not grow with every address that ever called signup.
 */
final class LocalBucketStore implements BucketStore {

  private static final int SWEEP_EVERY = 4096;

  private final ConcurrentHashMap<String, Entry> buckets = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();
  private final LongSupplier nanoTime;

  LocalBucketStore(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  @Override
  public VerboseResult<ConsumptionProbe> tryConsume(
      String key, BucketConfiguration configuration, long cost) {
    long now = nanoTime.getAsLong();
    Entry entry = buckets.computeIfAbsent(key, k -> new Entry(configuration));
    entry.lastUsed = now;
    VerboseResult<ConsumptionProbe> result =
        entry.bucket.asVerbose().tryConsumeAndReturnRemaining(cost);
    if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
      sweep(now);
    }
    return result;
  }

  /** Buckets currently held; for tests of the sweep. */
  int size() {
    return buckets.size();
  }

  void sweep(long now) {
    buckets.entrySet().removeIf(e -> now - e.getValue().lastUsed > e.getValue().refillNanos);
  }

  @Override
  public void close() {
    buckets.clear();
  }

  private static final class Entry {
    final Bucket bucket;
    final long refillNanos;
    volatile long lastUsed;

    Entry(BucketConfiguration configuration) {
      LocalBucketBuilder builder = Bucket.builder();
      long longest = 0;
      for (Bandwidth bandwidth : configuration.getBandwidths()) {
        builder.addLimit(bandwidth);
        longest = Math.max(longest, bandwidth.getRefillPeriodNanos());
      }
      this.bucket = builder.build();
      this.refillNanos = longest;
    }
  }
}
