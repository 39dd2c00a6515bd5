package io.themisdb.billing.metering.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.billing.SqlScripts;
import io.themisdb.billing.metering.HourlyUsage;
import io.themisdb.billing.metering.UsageMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What the JDBC usage table promises on every database it supports. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcUsageTableContract {

  static final Instant H1 = Instant.parse("2026-03-10T14:00:00Z");
  static final Instant H2 = H1.plus(Duration.ofHours(1));

  protected JdbcUsageTable table;
  protected DataSource dataSource;

  protected abstract DataSource dataSource();

  @BeforeAll
  void createSchema() throws Exception {
    dataSource = dataSource();
    SqlScripts.run(dataSource, "usage_hourly.sql");
    table = new JdbcUsageTable(dataSource, "usage_hourly");
  }

  static String tenant() {
    return "t-" + UUID.randomUUID();
  }

  @Test
  void writesAddToWhatIsStored() {
    String t = tenant();
    table.write(List.of(new HourlyUsage(t, H1, 10, 5, 100, HourlyUsage.NO_SAMPLE)));
    table.write(List.of(new HourlyUsage(t, H1, 1, 2, 3, HourlyUsage.NO_SAMPLE)));

    assertThat(table.hours(t, H1, H2))
        .containsExactly(new HourlyUsage(t, H1, 11, 7, 103, HourlyUsage.NO_SAMPLE));
  }

  @Test
  void storedBytesKeepTheLargerSampleAndIgnoreMissingOnes() {
    String t = tenant();
    table.write(List.of(new HourlyUsage(t, H1, 0, 0, 0, 500)));
    table.write(List.of(new HourlyUsage(t, H1, 1, 0, 0, HourlyUsage.NO_SAMPLE)));
    table.write(List.of(new HourlyUsage(t, H1, 0, 0, 0, 300)));

    assertThat(table.hours(t, H1, H2))
        .singleElement()
        .extracting(HourlyUsage::storedBytes)
        .isEqualTo(500L);
  }

  @Test
  void hoursReadBackOnlyThatTenantAndRangeOldestFirst() {
    String t = tenant();
    table.write(
        List.of(
            new HourlyUsage(t, H2, 2, 0, 0, HourlyUsage.NO_SAMPLE),
            new HourlyUsage(t, H1, 1, 0, 0, HourlyUsage.NO_SAMPLE),
            new HourlyUsage(t, H2.plus(Duration.ofHours(1)), 3, 0, 0, HourlyUsage.NO_SAMPLE),
            new HourlyUsage(tenant(), H1, 9, 0, 0, HourlyUsage.NO_SAMPLE)));

    assertThat(table.hours(t, H1, H2.plus(Duration.ofHours(1))))
        .extracting(HourlyUsage::readUnits)
        .containsExactly(1L, 2L);
  }

  @Test
  void meterClosedInOrderLeavesEveryUnitInTheTable() {
    String t = tenant();
    Clock clock = Clock.fixed(H1.plus(Duration.ofMinutes(7)), ZoneOffset.UTC);
    UsageMeter meter = UsageMeter.start(table, clock, Duration.ofHours(1));
    for (int i = 0; i < 1000; i++) {
      meter.record(t, 1, 1, 1);
    }
    meter.sampleStoredBytes(t, 4096);

    meter.close();

    assertThat(table.hours(t, H1, H2))
        .containsExactly(new HourlyUsage(t, H1, 1000, 1000, 1000, 4096));
  }

  @Test
  void batchIsAllOrNothing() {
    String t = tenant();
    List<HourlyUsage> batch =
        List.of(
            new HourlyUsage(t, H1, 1, 0, 0, HourlyUsage.NO_SAMPLE),
            new HourlyUsage("x".repeat(200), H1, 1, 0, 0, HourlyUsage.NO_SAMPLE));

    assertThatThrownBy(() -> table.write(batch))
        .isInstanceOf(io.themisdb.billing.metering.UsageStoreException.class);

    assertThat(table.hours(t, H1, H2)).isEmpty();
  }

  @Test
  void tableNameThatIsNotAnIdentifierIsRefused() {
    assertThatThrownBy(() -> new JdbcUsageTable(dataSource, "usage; DROP TABLE plans"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
