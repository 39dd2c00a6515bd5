package io.themisdb.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.billing.SqlScripts;
import io.themisdb.billing.invoice.jdbc.JdbcInvoiceStore;
import io.themisdb.billing.metering.HourlyUsage;
import io.themisdb.billing.metering.jdbc.JdbcUsageTable;
import io.themisdb.billing.plan.Plans;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** An invoice run over the JDBC usage table and invoice store, on each supported database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InvoiceRunContract {

  static final YearMonth MARCH = YearMonth.of(2026, 3);
  static final Clock AFTER_MARCH =
      Clock.fixed(Instant.parse("2026-04-01T00:30:00Z"), ZoneOffset.UTC);

  protected DataSource dataSource;
  protected JdbcUsageTable usage;
  protected JdbcInvoiceStore store;

  protected abstract DataSource dataSource();

  @BeforeAll
  void createSchema() throws Exception {
    dataSource = dataSource();
    SqlScripts.run(dataSource, "usage_hourly.sql");
    SqlScripts.run(dataSource, "invoices.sql");
    usage = new JdbcUsageTable(dataSource, "usage_hourly");
    store = new JdbcInvoiceStore(dataSource);
  }

  /** Every InvoiceFinalized event published by runs of this class. */
  protected final List<InvoiceFinalized> events = new java.util.concurrent.CopyOnWriteArrayList<>();

  InvoiceRun run(Clock clock) {
    return new InvoiceRun(
        Plans.standard(), usage, store, clock, Duration.ofMinutes(10), events::add);
  }

  List<InvoiceFinalized> eventsOf(String tenant) {
    return events.stream().filter(e -> e.tenantId().equals(tenant)).toList();
  }

  static SubscriptionHistory developer(String tenant) {
    return new SubscriptionHistory(
        tenant, List.of(new PlanChange(Instant.parse("2025-11-03T09:30:00Z"), "developer")));
  }

  static String tenant() {
    return "t-" + UUID.randomUUID();
  }

  void knownMarchUsage(String tenant) {
    usage.write(
        List.of(
            new HourlyUsage(
                tenant,
                Instant.parse("2026-03-01T00:00:00Z"),
                1_000_000,
                500_000,
                500,
                2_000_000_000L),
            new HourlyUsage(
                tenant,
                Instant.parse("2026-03-15T12:00:00Z"),
                2_000_000,
                1_000_000,
                90_000,
                HourlyUsage.NO_SAMPLE),
            // April usage must not leak into March.
            new HourlyUsage(
                tenant,
                Instant.parse("2026-04-01T00:00:00Z"),
                9_000_000,
                0,
                0,
                HourlyUsage.NO_SAMPLE)));
  }

  @Test
  void periodWithKnownUsageGivesTheExpectedTotal() {
    String t = tenant();
    knownMarchUsage(t);

    Invoice invoice = run(AFTER_MARCH).run(developer(t), MARCH, new SpendControls(2000, 0));

    // Same arithmetic as InvoiceCalculationTest: 1900 + 75 + 188 + 50 + 181.
    assertThat(invoice.total()).isEqualTo(2394);
    assertThat(invoice.alertThresholdReached()).isTrue();
    assertThat(store.find(t, MARCH)).contains(invoice);
  }

  @Test
  void secondRunReturnsTheSameInvoiceAndIgnoresLateUsage() throws Exception {
    String t = tenant();
    knownMarchUsage(t);
    Invoice first = run(AFTER_MARCH).run(developer(t), MARCH, SpendControls.UNSET);

    usage.write(
        List.of(
            new HourlyUsage(
                t, Instant.parse("2026-03-31T23:00:00Z"), 5_000_000, 0, 0, HourlyUsage.NO_SAMPLE)));
    Clock later = Clock.offset(AFTER_MARCH, Duration.ofDays(3));
    Invoice second = run(later).run(developer(t), MARCH, SpendControls.UNSET);

    assertThat(second).isEqualTo(first);
    assertThat(store.list(t)).containsExactly(first);
    assertThat(eventsOf(t))
        .containsExactly(
            new InvoiceFinalized(t, MARCH, Plans.EUR, first.total(), first.finalizedAt()));
    assertThat(count("SELECT COUNT(*) FROM invoices WHERE tenant_id = '" + t + "'")).isOne();
    assertThat(count("SELECT COUNT(*) FROM invoice_lines WHERE tenant_id = '" + t + "'"))
        .isEqualTo(first.lines().size());
  }

  @Test
  void monthStillOpenIsNotInvoiced() {
    String t = tenant();
    Clock duringSettle = Clock.fixed(Instant.parse("2026-04-01T00:05:00Z"), ZoneOffset.UTC);

    assertThatThrownBy(() -> run(duringSettle).run(developer(t), MARCH, SpendControls.UNSET))
        .isInstanceOf(PeriodNotClosedException.class);
    assertThat(store.find(t, MARCH)).isEmpty();
  }

  @Test
  void previewPricesAnOpenMonthWithoutStoringOrPublishing() {
    String t = tenant();
    knownMarchUsage(t);
    Clock midMarch = Clock.fixed(Instant.parse("2026-03-20T00:00:00Z"), ZoneOffset.UTC);

    Invoice preview = run(midMarch).preview(developer(t), MARCH, new SpendControls(0, 2394));

    assertThat(preview.total()).as("the full base fee and all flushed usage").isEqualTo(2394);
    assertThat(preview.spendCapReached()).isTrue();
    assertThat(store.find(t, MARCH)).isEmpty();
    assertThat(eventsOf(t)).isEmpty();
  }

  @Test
  void storeKeepsTheFirstInvoiceOfAPeriod() {
    String t = tenant();
    Invoice first = run(AFTER_MARCH).run(developer(t), MARCH, SpendControls.UNSET);
    Invoice impostor =
        new Invoice(
            t, MARCH, Plans.EUR, List.of(), 0, false, false, Instant.parse("2026-04-02T00:00:00Z"));

    assertThat(store.saveIfAbsent(impostor)).isEqualTo(new StoredInvoice(first, false));
    assertThat(store.find(t, MARCH)).contains(first);
  }

  long count(String sql) throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
