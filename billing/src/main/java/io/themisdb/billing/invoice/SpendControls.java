package io.themisdb.billing.invoice;

/**
 * Amounts set by the tenant, in the plan's minor units; {@link #NONE} (0) means not set.
 *
 * @param alertThreshold an invoice at or above this total is flagged for an alert
 * @param spendCap an invoice at or above this total is flagged as having reached the cap (the
 *     platform stops metered work at the cap; the invoice still bills what was used)
 */
public record SpendControls(long alertThreshold, long spendCap) {

  public static final long NONE = 0;

  public static final SpendControls UNSET = new SpendControls(NONE, NONE);

  public SpendControls {
    if (alertThreshold < 0 || spendCap < 0) {
      throw new IllegalArgumentException("Spend controls must not be negative");
    }
  }

  boolean alertReached(long total) {
    return alertThreshold != NONE && total >= alertThreshold;
  }

  boolean capReached(long total) {
    return spendCap != NONE && total >= spendCap;
  }
}
