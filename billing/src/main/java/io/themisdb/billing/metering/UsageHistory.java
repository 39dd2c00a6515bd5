package io.themisdb.billing.metering;

import java.time.Instant;
import java.util.List;

/** Reads flushed hourly usage back, for invoices and the usage API. */
public interface UsageHistory {

  /**
   * Hours of {@code tenantId} with {@code from <= hour < to}, oldest first.
   *
   * @throws UsageStoreException when the store cannot be read
   */
  List<HourlyUsage> hours(String tenantId, Instant from, Instant to);
}
