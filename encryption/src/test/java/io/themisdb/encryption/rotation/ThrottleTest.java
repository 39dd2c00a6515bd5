package io.themisdb.encryption.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the throttle against a fake clock: it asserts the schedule, never real time. */
class ThrottleTest {

  private long now;
  private long slept;

  private Throttle throttle(double itemsPerSecond) {
    return new Throttle.Paced(
        itemsPerSecond,
        () -> now,
        nanos -> {
          slept += nanos;
          now += nanos;
        });
  }

  @Test
  void pacesBatchesToTheConfiguredRate() throws Exception {
    Throttle throttle = throttle(100);

    for (int batch = 0; batch < 10; batch++) {
      throttle.acquire(50);
    }

    // 10 batches of 50 at 100/s: the last batch may start after 450 items' worth of time.
    assertThat(slept).isEqualTo(TimeUnit.MILLISECONDS.toNanos(4_500));
  }

  @Test
  void timeSpentWorkingCountsTowardsTheRate() throws Exception {
    Throttle throttle = throttle(100);

    throttle.acquire(50);
    now += TimeUnit.MILLISECONDS.toNanos(400);
    throttle.acquire(50);

    assertThat(slept).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
  }

  @Test
  void idleTimeIsNotBankedIntoABurst() throws Exception {
    Throttle throttle = throttle(100);

    throttle.acquire(50);
    now += TimeUnit.SECONDS.toNanos(60);
    throttle.acquire(50);
    throttle.acquire(50);

    assertThat(slept).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
  }

  @Test
  void rateMustBePositive() {
    assertThatThrownBy(() -> Throttle.itemsPerSecond(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
