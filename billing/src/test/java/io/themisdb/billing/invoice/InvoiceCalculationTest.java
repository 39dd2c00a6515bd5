package io.themisdb.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.billing.metering.HourlyUsage;
import io.themisdb.billing.plan.Plans;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Totals computed by hand from the standard catalogue (amounts in euro cents). */
class InvoiceCalculationTest {

  private static final Plans PLANS = Plans.standard();
  private static final Instant FINALIZED = Instant.parse("2026-05-01T01:00:00Z");
  private static final long NONE = HourlyUsage.NO_SAMPLE;

  private static SubscriptionHistory developerSince2025() {
    return new SubscriptionHistory(
        "acme", List.of(new PlanChange(Instant.parse("2025-11-03T09:30:00Z"), "developer")));
  }

  private static HourlyUsage hour(String at, long ru, long wu, long gpuMs, long stored) {
    return new HourlyUsage("acme", Instant.parse(at), ru, wu, gpuMs, stored);
  }

  private static Invoice compute(
      SubscriptionHistory history, YearMonth period, List<HourlyUsage> hours) {
    return InvoiceCalculation.compute(
        PLANS, history, period, hours, SpendControls.UNSET, FINALIZED);
  }

  @Test
  void wholeMonthOnOnePlanGivesTheHandComputedTotal() {
    // March 2026 on developer: base 1900; 3M RU x 25 = 75; 1.5M WU x 125 = 187.5 -> 188
    // (half-even);
    // 90.5 GPU-s x 2 = 181; 2e9 bytes sampled in the first hour and held all month = 2 GB-month
    // x 25 = 50. Total 1900 + 75 + 188 + 181 + 50 = 2394.
    Invoice invoice =
        compute(
            developerSince2025(),
            YearMonth.of(2026, 3),
            List.of(
                hour("2026-03-01T00:00:00Z", 1_000_000, 500_000, 500, 2_000_000_000L),
                hour("2026-03-15T12:00:00Z", 2_000_000, 1_000_000, 90_000, NONE)));

    assertThat(invoice.lines())
        .extracting(LineItem::kind, LineItem::amount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(LineItem.Kind.BASE_FEE, 1900L),
            org.assertj.core.groups.Tuple.tuple(LineItem.Kind.READ_UNITS, 75L),
            org.assertj.core.groups.Tuple.tuple(LineItem.Kind.WRITE_UNITS, 188L),
            org.assertj.core.groups.Tuple.tuple(LineItem.Kind.STORAGE, 50L),
            org.assertj.core.groups.Tuple.tuple(LineItem.Kind.GPU_TIME, 181L));
    assertThat(invoice.total()).isEqualTo(2394);
    assertThat(invoice.currency()).isEqualTo(Plans.EUR);
    assertThat(invoice.lines().get(2).quantity()).isEqualByComparingTo("1.5");
  }

  @Test
  void midMonthUpgradeProratesBaseFeesBySecondsAndPricesUsageByThePlanOfItsHour() {
    // April 2026 has 2,592,000 s. Upgrade to pro at 2026-04-11T12:00Z, after 907,200 s (0.35):
    // developer 1900 x 0.35 = 665, pro 9900 x 0.65 = 6435. 1M RU on April 5 at developer's 25,
    // 2M RU on April 20 at pro's 20 = 40. Total 665 + 25 + 6435 + 40 = 7165.
    SubscriptionHistory history =
        new SubscriptionHistory(
            "acme",
            List.of(
                new PlanChange(Instant.parse("2025-11-03T09:30:00Z"), "developer"),
                new PlanChange(Instant.parse("2026-04-11T12:00:00Z"), "pro")));

    Invoice invoice =
        compute(
            history,
            YearMonth.of(2026, 4),
            List.of(
                hour("2026-04-05T10:00:00Z", 1_000_000, 0, 0, NONE),
                hour("2026-04-20T10:00:00Z", 2_000_000, 0, 0, NONE)));

    assertThat(invoice.lines())
        .extracting(LineItem::planCode, LineItem::kind, LineItem::amount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("developer", LineItem.Kind.BASE_FEE, 665L),
            org.assertj.core.groups.Tuple.tuple("developer", LineItem.Kind.READ_UNITS, 25L),
            org.assertj.core.groups.Tuple.tuple("pro", LineItem.Kind.BASE_FEE, 6435L),
            org.assertj.core.groups.Tuple.tuple("pro", LineItem.Kind.READ_UNITS, 40L));
    assertThat(invoice.total()).isEqualTo(7165);
    assertThat(invoice.lines().getFirst().quantity()).isEqualByComparingTo("0.35");
  }

  @Test
  void signupMidMonthPaysOnlyTheSecondsOnThePlan() {
    // Signed up 2026-04-21T00:00Z: 10 of 30 days on pro, 9900 / 3 = 3300.
    SubscriptionHistory history =
        new SubscriptionHistory(
            "acme", List.of(new PlanChange(Instant.parse("2026-04-21T00:00:00Z"), "pro")));

    Invoice invoice = compute(history, YearMonth.of(2026, 4), List.of());

    assertThat(invoice.total()).isEqualTo(3300);
  }

  @Test
  void eachLineIsRoundedHalfEvenOnce() {
    // developer: 100,000 RU x 25 / 1M = 2.5 -> 2; 12,000 WU x 125 / 1M = 1.5 -> 2;
    // 2,500 GPU-ms = 2.5 s x 2 = 5 exactly. Base 1900. Total 1909.
    Invoice invoice =
        compute(
            developerSince2025(),
            YearMonth.of(2026, 3),
            List.of(hour("2026-03-02T00:00:00Z", 100_000, 12_000, 2_500, NONE)));

    assertThat(invoice.lines()).extracting(LineItem::amount).containsExactly(1900L, 2L, 2L, 5L);
    assertThat(InvoiceCalculation.round(new BigDecimal("0.5"))).isZero();
    assertThat(InvoiceCalculation.round(new BigDecimal("3.5"))).isEqualTo(4);
  }

  @Test
  void hoursWithoutSampleHoldTheLastSampleOfTheMonth() {
    // April (720 h): 1e9 bytes for the first 360 h, 3e9 for the last 360 h = 2 GB-month x 25 = 50.
    Invoice invoice =
        compute(
            developerSince2025(),
            YearMonth.of(2026, 4),
            List.of(
                hour("2026-04-01T00:00:00Z", 0, 0, 0, 1_000_000_000L),
                hour("2026-04-16T00:00:00Z", 0, 0, 0, 3_000_000_000L)));

    assertThat(invoice.lines())
        .filteredOn(l -> l.kind() == LineItem.Kind.STORAGE)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.quantity()).isEqualByComparingTo("2");
              assertThat(l.amount()).isEqualTo(50);
            });
  }

  @Test
  void spendControlsFlagTheInvoiceAtOrAboveTheirAmounts() {
    Invoice invoice =
        InvoiceCalculation.compute(
            PLANS,
            developerSince2025(),
            YearMonth.of(2026, 3),
            List.of(),
            new SpendControls(1900, 5000),
            FINALIZED);

    assertThat(invoice.alertThresholdReached()).isTrue();
    assertThat(invoice.spendCapReached()).isFalse();
  }

  @Test
  void periodWithoutAnyPlanIsRefused() {
    SubscriptionHistory history =
        new SubscriptionHistory(
            "acme", List.of(new PlanChange(Instant.parse("2026-06-01T00:00:00Z"), "pro")));

    assertThatThrownBy(() -> compute(history, YearMonth.of(2026, 4), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no plan");
  }
}
