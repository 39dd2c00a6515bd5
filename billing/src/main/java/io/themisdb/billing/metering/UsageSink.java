package io.themisdb.billing.metering;

import java.util.List;

/**
 * Where {@link UsageMeter} flushes hourly rows. Called from the meter's flush thread only, never
 * per request, and never concurrently by one meter (several meters, one per application instance,
 * may write to one sink's storage at once).
 */
public interface UsageSink {

  /**
   * Adds each row to what is stored for its (tenant, hour): counters are summed, the stored-bytes
   * sample keeps the larger value. All rows are written or none (the meter keeps them and retries
   * on failure, so a partial write would count twice).
   *
   * @throws UsageStoreException when nothing was written
   */
  void write(List<HourlyUsage> rows);
}
