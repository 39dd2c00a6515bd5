package io.themisdb.billing.invoice;

import java.time.Instant;
import java.time.YearMonth;

/** An invoice was asked for a month whose usage may still change. */
public final class PeriodNotClosedException extends RuntimeException {

  public PeriodNotClosedException(YearMonth period, Instant closesAt) {
    super("Billing period " + period + " can be invoiced from " + closesAt);
  }
}
