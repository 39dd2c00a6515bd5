package io.themisdb.billing.metering;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Usage of one tenant in one clock hour (UTC).
 *
 * @param tenantId the tenant
 * @param hour start of the hour, truncated to whole hours
 * @param readUnits read units consumed
 * @param writeUnits write units consumed
 * @param gpuMillis GPU milliseconds consumed
 * @param storedBytes largest stored-bytes sample taken in the hour, or {@link #NO_SAMPLE}
 */
public record HourlyUsage(
    String tenantId,
    Instant hour,
    long readUnits,
    long writeUnits,
    long gpuMillis,
    long storedBytes) {

  /** No stored-bytes sample was taken in the hour. */
  public static final long NO_SAMPLE = -1;

  public HourlyUsage {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(hour, "hour");
    if (!hour.truncatedTo(ChronoUnit.HOURS).equals(hour)) {
      throw new IllegalArgumentException("Not the start of an hour: " + hour);
    }
    if (readUnits < 0 || writeUnits < 0 || gpuMillis < 0 || storedBytes < NO_SAMPLE) {
      throw new IllegalArgumentException("Usage must not be negative");
    }
  }

  public boolean hasStorageSample() {
    return storedBytes != NO_SAMPLE;
  }
}
