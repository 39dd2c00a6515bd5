package io.themisdb.billing.metering;

/**
 * How many units a request costs: one read unit per started {@code readUnitBytes} read, one write
 * unit per started {@code writeUnitBytes} written, and at least one of the kind a request performs
 * (a read that finds nothing still costs 1 RU; a write of an empty document still costs 1 WU).
 * {@link #STANDARD} is 4 KiB per RU and 1 KiB per WU.
 */
public record UnitRules(int readUnitBytes, int writeUnitBytes) {

  public static final UnitRules STANDARD = new UnitRules(4096, 1024);

  public UnitRules {
    if (readUnitBytes <= 0 || writeUnitBytes <= 0) {
      throw new IllegalArgumentException("Unit sizes must be positive");
    }
  }

  /** Read units for a request that read {@code bytes} (0 or more): at least 1. */
  public long readUnits(long bytes) {
    return units(bytes, readUnitBytes);
  }

  /** Write units for a request that wrote {@code bytes} (0 or more): at least 1. */
  public long writeUnits(long bytes) {
    return units(bytes, writeUnitBytes);
  }

  private static long units(long bytes, int unit) {
    if (bytes < 0) {
      throw new IllegalArgumentException("Bytes must not be negative: " + bytes);
    }
    return Math.max(1, Math.ceilDiv(bytes, unit));
  }
}
