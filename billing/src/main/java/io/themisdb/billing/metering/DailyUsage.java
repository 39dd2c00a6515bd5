package io.themisdb.billing.metering;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage of one tenant in one UTC day, rolled up from hourly rows for the usage API.
 *
 * @param storedBytes largest stored-bytes sample of the day, or {@link HourlyUsage#NO_SAMPLE}
 */
public record DailyUsage(
    String tenantId,
    LocalDate day,
    long readUnits,
    long writeUnits,
    long gpuMillis,
    long storedBytes) {

  /** Rolls hourly rows of one tenant up into days, oldest first. */
  public static List<DailyUsage> of(List<HourlyUsage> hours) {
    Map<LocalDate, DailyUsage> days = new TreeMap<>();
    for (HourlyUsage h : hours) {
      LocalDate day = LocalDate.ofInstant(h.hour(), ZoneOffset.UTC);
      DailyUsage hour =
          new DailyUsage(
              h.tenantId(), day, h.readUnits(), h.writeUnits(), h.gpuMillis(), h.storedBytes());
      days.merge(day, hour, DailyUsage::plus);
    }
    return List.copyOf(days.values());
  }

  private DailyUsage plus(DailyUsage other) {
    if (!tenantId.equals(other.tenantId)) {
      throw new IllegalArgumentException(
          "Rows of two tenants: " + tenantId + ", " + other.tenantId);
    }
    return new DailyUsage(
        tenantId,
        day,
        readUnits + other.readUnits,
        writeUnits + other.writeUnits,
        gpuMillis + other.gpuMillis,
        Math.max(storedBytes, other.storedBytes));
  }
}
