package io.themisdb.billing.plan;

import java.util.Currency;
import java.util.Objects;

/**
 * What a plan costs, every amount in integer minor units of {@code currency} (cents for EUR), never
 * floating point.
 *
 * @param currency ISO 4217 currency of every amount
 * @param monthlyBaseFee fee for a whole calendar month on the plan; prorated by seconds
 * @param perMillionReadUnits price of one million read units
 * @param perMillionWriteUnits price of one million write units
 * @param perGbMonth price of storing 10^9 bytes for a whole month
 * @param perGpuSecond price of one second of GPU time
 */
public record PlanPrices(
    Currency currency,
    long monthlyBaseFee,
    long perMillionReadUnits,
    long perMillionWriteUnits,
    long perGbMonth,
    long perGpuSecond) {

  public PlanPrices {
    Objects.requireNonNull(currency, "currency");
    if (monthlyBaseFee < 0
        || perMillionReadUnits < 0
        || perMillionWriteUnits < 0
        || perGbMonth < 0
        || perGpuSecond < 0) {
      throw new IllegalArgumentException("Prices must not be negative");
    }
  }
}
