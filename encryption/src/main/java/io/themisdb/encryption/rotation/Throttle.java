package io.themisdb.encryption.rotation;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Limits how fast a job touches items, so that re-encrypting a large tenant does not starve its
 * foreground traffic. Called by one job thread.
 */
public interface Throttle {

  /** Blocks until {@code items} more may be processed. */
  void acquire(int items) throws InterruptedException;

  /** No limit. */
  static Throttle none() {
    return items -> {};
  }

  /** At most {@code itemsPerSecond} on average, measured with the system's nano clock. */
  static Throttle itemsPerSecond(double itemsPerSecond) {
    return new Paced(itemsPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /** Sleeps for a number of nanoseconds; a seam so tests need not sleep. */
  @FunctionalInterface
  interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  /**
   * Paces by a schedule: a batch of {@code n} items may start {@code n/rate} seconds after the
   * previous batch started. Idle time is not banked, so a paused job does not burst afterwards.
   */
  final class Paced implements Throttle {

    private final double nanosPerItem;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private double nextStart = Double.NEGATIVE_INFINITY;

    public Paced(double itemsPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
      if (!(itemsPerSecond > 0)) {
        throw new IllegalArgumentException("Items per second must be positive: " + itemsPerSecond);
      }
      this.nanosPerItem = TimeUnit.SECONDS.toNanos(1) / itemsPerSecond;
      this.nanoClock = nanoClock;
      this.sleeper = sleeper;
    }

    @Override
    public void acquire(int items) throws InterruptedException {
      long now = nanoClock.getAsLong();
      double start = Math.max(now, nextStart);
      nextStart = start + items * nanosPerItem;
      long wait = (long) (start - now);
      if (wait > 0) {
        sleeper.sleepNanos(wait);
      }
    }
  }
}
