package io.themisdb.billing.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DailyUsageTest {

  private static HourlyUsage hour(String at, long ru, long stored) {
    return new HourlyUsage("acme", Instant.parse(at), ru, 1, 2, stored);
  }

  @Test
  void hoursRollUpIntoUtcDaysWithTheLargestStorageSample() {
    List<DailyUsage> days =
        DailyUsage.of(
            List.of(
                hour("2026-03-02T00:00:00Z", 5, HourlyUsage.NO_SAMPLE),
                hour("2026-03-01T23:00:00Z", 3, 100),
                hour("2026-03-01T00:00:00Z", 4, 300),
                hour("2026-03-01T12:00:00Z", 2, HourlyUsage.NO_SAMPLE)));

    assertThat(days)
        .containsExactly(
            new DailyUsage("acme", LocalDate.of(2026, 3, 1), 9, 3, 6, 300),
            new DailyUsage("acme", LocalDate.of(2026, 3, 2), 5, 1, 2, HourlyUsage.NO_SAMPLE));
  }
}
