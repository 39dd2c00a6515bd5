package io.themisdb.billing.invoice;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of an invoice.
 *
 * @param kind what is charged
 * @param planCode the plan whose price applies
 * @param quantity how much, in {@code unit}, rounded half-even to 6 decimals for display (the
 *     amount is computed from the exact quantity)
 * @param unit {@code month}, {@code million RU}, {@code million WU}, {@code GB-month} or {@code
 *     GPU-second}
 * @param unitPrice price of one unit, in minor units
 * @param amount exact quantity times unit price, rounded half-even to a whole minor unit
 */
public record LineItem(
    Kind kind, String planCode, BigDecimal quantity, String unit, long unitPrice, long amount) {

  /** What a line charges. */
  public enum Kind {
    BASE_FEE,
    READ_UNITS,
    WRITE_UNITS,
    STORAGE,
    GPU_TIME
  }

  public LineItem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(planCode, "planCode");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(unit, "unit");
  }
}
