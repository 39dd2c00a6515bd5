package io.themisdb.billing.invoice;

import io.themisdb.billing.metering.HourlyUsage;
import io.themisdb.billing.plan.Plan;
import io.themisdb.billing.plan.PlanPrices;
import io.themisdb.billing.plan.Plans;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of an invoice, a pure function of plans, plan history and hourly usage.
 *
 * <p>Rules: the base fee is prorated by the seconds spent on each plan in the month; each usage
 * hour is priced by the plan in force at the hour's start; storage is GB-months (10^9 bytes held a
 * whole month) from hourly samples, an hour without a sample holding the last sample before it in
 * the month (0 before the first). Every line is computed exactly and rounded half-even to a whole
 * minor unit once; the total is the sum of the rounded lines.
 */
final class InvoiceCalculation {

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  private static final BigDecimal GB = BigDecimal.valueOf(1_000_000_000);
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
  private static final int QUANTITY_SCALE = 6;

  private InvoiceCalculation() {}

  static Invoice compute(
      Plans plans,
      SubscriptionHistory history,
      YearMonth period,
      List<HourlyUsage> hours,
      SpendControls controls,
      Instant finalizedAt) {
    Instant start = period.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = period.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    List<PlanSegment> segments = history.segments(start, end);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException(
          "Tenant " + history.tenantId() + " had no plan in " + period);
    }
    Currency currency = plans.byCode(segments.getFirst().planCode()).prices().currency();
    BigDecimal monthSeconds = BigDecimal.valueOf(Duration.between(start, end).toSeconds());
    BigDecimal monthHours = monthSeconds.divide(BigDecimal.valueOf(3600));

    Map<PlanSegment, Totals> totals = new HashMap<>();
    segments.forEach(s -> totals.put(s, new Totals()));
    for (HourlyUsage hour : hours) {
      Totals t = totals.get(segmentAt(segments, hour.hour()));
      t.readUnits += hour.readUnits();
      t.writeUnits += hour.writeUnits();
      t.gpuMillis += hour.gpuMillis();
    }
    addStorage(hours, segments, totals, start, end);

    List<LineItem> lines = new ArrayList<>();
    for (PlanSegment segment : segments) {
      Plan plan = plans.byCode(segment.planCode());
      PlanPrices p = plan.prices();
      if (!p.currency().equals(currency)) {
        throw new IllegalStateException(
            "Plans of one invoice must share a currency: " + currency + " and " + p.currency());
      }
      Totals t = totals.get(segment);
      String code = plan.code();
      BigDecimal months =
          BigDecimal.valueOf(segment.seconds()).divide(monthSeconds, 20, RoundingMode.HALF_EVEN);
      lines.add(line(LineItem.Kind.BASE_FEE, code, months, "month", p.monthlyBaseFee()));
      addIfUsed(
          lines,
          LineItem.Kind.READ_UNITS,
          code,
          div(t.readUnits, MILLION),
          "million RU",
          p.perMillionReadUnits());
      addIfUsed(
          lines,
          LineItem.Kind.WRITE_UNITS,
          code,
          div(t.writeUnits, MILLION),
          "million WU",
          p.perMillionWriteUnits());
      BigDecimal gbMonths = t.byteHours.divide(GB.multiply(monthHours), 20, RoundingMode.HALF_EVEN);
      addIfUsed(lines, LineItem.Kind.STORAGE, code, gbMonths, "GB-month", p.perGbMonth());
      addIfUsed(
          lines,
          LineItem.Kind.GPU_TIME,
          code,
          div(t.gpuMillis, THOUSAND),
          "GPU-second",
          p.perGpuSecond());
    }
    long total = lines.stream().mapToLong(LineItem::amount).sum();
    return new Invoice(
        history.tenantId(),
        period,
        currency,
        lines,
        total,
        controls.alertReached(total),
        controls.capReached(total),
        finalizedAt);
  }

  /** Half-even rounding of an exact amount to a whole minor unit. */
  static long round(BigDecimal exactAmount) {
    return exactAmount.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }

  private static LineItem line(
      LineItem.Kind kind, String plan, BigDecimal quantity, String unit, long unitPrice) {
    long amount = round(quantity.multiply(BigDecimal.valueOf(unitPrice)));
    return new LineItem(
        kind,
        plan,
        quantity.setScale(QUANTITY_SCALE, RoundingMode.HALF_EVEN),
        unit,
        unitPrice,
        amount);
  }

  private static void addIfUsed(
      List<LineItem> lines,
      LineItem.Kind kind,
      String plan,
      BigDecimal quantity,
      String unit,
      long unitPrice) {
    if (quantity.signum() > 0) {
      lines.add(line(kind, plan, quantity, unit, unitPrice));
    }
  }

  private static BigDecimal div(long value, BigDecimal by) {
    // Exact: dividing by a power of ten always terminates.
    return BigDecimal.valueOf(value).divide(by);
  }

  /** The segment in force at {@code instant}; usage before the first plan goes to the first. */
  private static PlanSegment segmentAt(List<PlanSegment> segments, Instant instant) {
    PlanSegment found = segments.getFirst();
    for (PlanSegment s : segments) {
      if (!s.from().isAfter(instant)) {
        found = s;
      }
    }
    return found;
  }

  private static void addStorage(
      List<HourlyUsage> hours,
      List<PlanSegment> segments,
      Map<PlanSegment, Totals> totals,
      Instant start,
      Instant end) {
    Map<Instant, Long> samples = new HashMap<>();
    for (HourlyUsage h : hours) {
      if (h.hasStorageSample()) {
        samples.merge(h.hour(), h.storedBytes(), Math::max);
      }
    }
    long held = 0;
    for (Instant hour = start; hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
      held = samples.getOrDefault(hour, held);
      if (held > 0) {
        Totals t = totals.get(segmentAt(segments, hour));
        t.byteHours = t.byteHours.add(BigDecimal.valueOf(held));
      }
    }
  }

  private static final class Totals {
    long readUnits;
    long writeUnits;
    long gpuMillis;
    BigDecimal byteHours = BigDecimal.ZERO;
  }
}
