package io.themisdb.billing.invoice;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * A finalised invoice for one tenant and calendar month (UTC). Immutable: once stored it never
 * changes, and running the period again returns it as it is.
 *
 * @param total sum of the line amounts, in minor units of {@code currency}
 * @param alertThresholdReached the total reached the tenant's alert threshold
 * @param spendCapReached the total reached the tenant's spend cap
 */
public record Invoice(
    String tenantId,
    YearMonth period,
    Currency currency,
    List<LineItem> lines,
    long total,
    boolean alertThresholdReached,
    boolean spendCapReached,
    Instant finalizedAt) {

  public Invoice {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(finalizedAt, "finalizedAt");
    lines = List.copyOf(lines);
    long sum = lines.stream().mapToLong(LineItem::amount).sum();
    if (sum != total) {
      throw new IllegalArgumentException("Total " + total + " is not the sum of lines " + sum);
    }
  }
}
