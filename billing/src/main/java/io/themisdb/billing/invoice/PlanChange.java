package io.themisdb.billing.invoice;

import java.time.Instant;
import java.util.Objects;

/** From {@code at} on, the tenant is on {@code planCode}; takes effect immediately. */
public record PlanChange(Instant at, String planCode) {

  public PlanChange {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(planCode, "planCode");
  }
}
