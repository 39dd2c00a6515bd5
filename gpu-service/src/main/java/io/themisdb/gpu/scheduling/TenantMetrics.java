package io.themisdb.gpu.scheduling;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and recent waits of one tenant; waits guarded by the dispatcher lock. */
final class TenantMetrics {

  private static final int WINDOW = 1024;

  final AtomicLong submitted = new AtomicLong();
  final AtomicLong completed = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong expired = new AtomicLong();
  final AtomicLong cancelled = new AtomicLong();
  final AtomicLong acceleratorNanos = new AtomicLong();

  private final long[] waitNanos = new long[WINDOW];
  private final long[] waitBatches = new long[WINDOW];
  private long waits;

  void recordWait(long nanos, long batches) {
    int slot = (int) (waits++ % WINDOW);
    waitNanos[slot] = nanos;
    waitBatches[slot] = batches;
  }

  Duration meanWait() {
    int n = (int) Math.min(waits, WINDOW);
    if (n == 0) {
      return Duration.ZERO;
    }
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += waitNanos[i];
    }
    return Duration.ofNanos(sum / n);
  }

  Duration p99Wait() {
    return Duration.ofNanos(p99(waitNanos));
  }

  long p99WaitBatches() {
    return p99(waitBatches);
  }

  private long p99(long[] values) {
    int n = (int) Math.min(waits, WINDOW);
    if (n == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    return sorted[(int) Math.ceil(0.99 * n) - 1];
  }
}
