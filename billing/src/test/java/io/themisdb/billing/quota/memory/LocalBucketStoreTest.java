package io.themisdb.billing.quota.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalBucketStoreTest {

  private final AtomicLong now = new AtomicLong();
  private final LocalBucketStore store = new LocalBucketStore(now::get);
  private final BucketConfiguration perMinute =
      BucketConfiguration.builder()
          .addLimit(Bandwidth.builder().capacity(5).refillGreedy(5, Duration.ofMinutes(1)).build())
          .build();

  @Test
  void bucketIdleLongerThanItsRefillIsDropped() {
    store.tryConsume("a", perMinute, 1);
    store.tryConsume("b", perMinute, 1);
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    store.tryConsume("b", perMinute, 1);

    store.sweep(now.get() + Duration.ofSeconds(45).toNanos());

    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void recentlyUsedBucketIsKept() {
    store.tryConsume("a", perMinute, 1);

    store.sweep(now.get() + Duration.ofSeconds(59).toNanos());

    assertThat(store.size()).isEqualTo(1);
  }
}
