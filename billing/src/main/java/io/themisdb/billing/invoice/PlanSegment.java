package io.themisdb.billing.invoice;

import java.time.Duration;
import java.time.Instant;

/** A stretch {@code [from, to)} of a billing period spent on one plan. */
public record PlanSegment(String planCode, Instant from, Instant to) {

  public PlanSegment {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("Empty segment " + from + ".." + to);
    }
  }

  public long seconds() {
    return Duration.between(from, to).toSeconds();
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(from) && instant.isBefore(to);
  }
}
