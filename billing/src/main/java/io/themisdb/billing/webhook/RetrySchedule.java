package io.themisdb.billing.webhook;

import java.time.Duration;

/**
 * When to retry a failed delivery, as a pure function of the number of consecutive failures and a
 * random number supplied by the caller (so tests choose it). The nominal delay after failure n is
 * {@code initial × multiplier^(n-1)}, capped at {@code max}; "equal jitter" then picks the delay
 * uniformly in {@code [nominal/2, nominal)}, which spreads retries of many endpoints apart while
 * every uncapped delay stays longer than any possible earlier one. After {@code maxFailures}
 * consecutive failures the answer is {@link Disable}: the endpoint is switched off until the tenant
 * re-enables it.
 */
public record RetrySchedule(Duration initial, int multiplier, Duration max, int maxFailures) {

  /** The decision after a failure. */
  public sealed interface Decision {}

  /** Try again after {@code delay}. */
  public record RetryAfter(Duration delay) implements Decision {}

  /** Stop retrying and disable the endpoint. */
  public record Disable(int failures) implements Decision {}

  /** 5 s, ×4 each time, at most 10 h, disabled after 10 consecutive failures (about 1.5 days). */
  public static RetrySchedule standard() {
    return new RetrySchedule(Duration.ofSeconds(5), 4, Duration.ofHours(10), 10);
  }

  public RetrySchedule {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("Need 0 < initial <= max");
    }
    if (multiplier < 2 || maxFailures < 1) {
      throw new IllegalArgumentException("Need multiplier >= 2 and maxFailures >= 1");
    }
  }

  /**
   * @param failures consecutive failures so far, including the one just seen (1 or more)
   * @param random a uniform random number in [0, 1)
   */
  public Decision after(int failures, double random) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1: " + failures);
    }
    if (!(random >= 0 && random < 1)) {
      throw new IllegalArgumentException("random must be in [0, 1): " + random);
    }
    if (failures >= maxFailures) {
      return new Disable(failures);
    }
    long nominal = nominalMillis(failures);
    long half = nominal / 2;
    return new RetryAfter(Duration.ofMillis(half + (long) (random * (nominal - half))));
  }

  long nominalMillis(int failures) {
    long maxMillis = max.toMillis();
    long delay = initial.toMillis();
    for (int i = 1; i < failures && delay < maxMillis; i++) {
      delay = delay > maxMillis / multiplier ? maxMillis : delay * multiplier;
    }
    return Math.min(delay, maxMillis);
  }
}
