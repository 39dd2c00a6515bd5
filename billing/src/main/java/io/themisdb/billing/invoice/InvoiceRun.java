package io.themisdb.billing.invoice;

import io.themisdb.billing.metering.UsageHistory;
import io.themisdb.billing.plan.Plans;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds, finalises and stores a tenant's invoice for a calendar month (UTC). Idempotent: when the
 * period was invoiced before, the stored invoice is returned unchanged and nothing is recomputed,
 * so late usage or a changed plan history never alter a finalised invoice. Two runs racing for the
 * same period store one invoice and both return it.
 */
public final class InvoiceRun {

  private final Plans plans;
  private final UsageHistory usage;
  private final InvoiceStore store;
  private final Clock clock;
  private final Duration settle;
  private final Consumer<InvoiceFinalized> finalized;

  /**
   * @param settle how long after the month ends usage may still arrive: at least the usage meter's
   *     flush interval, so that the last hour of the month is in the usage table
   * @param finalized told once per tenant and period, by the run that stored the invoice, after the
   *     store committed it. A crash between the two loses the event: a consumer that must not miss
   *     one (the webhook outbox) can also compare {@link InvoiceStore#list} with what it sent
   */
  public InvoiceRun(
      Plans plans,
      UsageHistory usage,
      InvoiceStore store,
      Clock clock,
      Duration settle,
      Consumer<InvoiceFinalized> finalized) {
    if (settle.isNegative()) {
      throw new IllegalArgumentException("Settle delay must not be negative");
    }
    this.plans = plans;
    this.usage = usage;
    this.store = store;
    this.clock = clock;
    this.settle = settle;
    this.finalized = finalized;
  }

  /** A run that tells nobody about finalised invoices. */
  public InvoiceRun(
      Plans plans, UsageHistory usage, InvoiceStore store, Clock clock, Duration settle) {
    this(plans, usage, store, clock, settle, event -> {});
  }

  /**
   * The finalised invoice of {@code history}'s tenant for {@code period}.
   *
   * @throws PeriodNotClosedException when the month plus the settle delay has not passed
   * @throws io.themisdb.billing.plan.UnknownPlanException when the history names an unknown plan
   */
  public Invoice run(SubscriptionHistory history, YearMonth period, SpendControls controls) {
    Optional<Invoice> existing = store.find(history.tenantId(), period);
    if (existing.isPresent()) {
      return existing.get();
    }
    Instant start = period.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = period.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant closesAt = end.plus(settle);
    Instant now = clock.instant();
    if (now.isBefore(closesAt)) {
      throw new PeriodNotClosedException(period, closesAt);
    }
    Invoice invoice =
        InvoiceCalculation.compute(
            plans,
            history,
            period,
            usage.hours(history.tenantId(), start, end),
            controls,
            now.truncatedTo(ChronoUnit.SECONDS));
    StoredInvoice stored = store.saveIfAbsent(invoice);
    if (stored.created()) {
      finalized.accept(InvoiceFinalized.of(stored.invoice()));
    }
    return stored.invoice();
  }

  /**
   * What {@code history}'s tenant owes for {@code period} so far: the usage flushed until now
   * priced as {@link #run} would, plus every base fee of the month in full (they are owed whatever
   * else happens). Nothing is stored and no event is published; the period may be open. For spend
   * alerts and caps during the month.
   *
   * @throws io.themisdb.billing.plan.UnknownPlanException when the history names an unknown plan
   */
  public Invoice preview(SubscriptionHistory history, YearMonth period, SpendControls controls) {
    Instant start = period.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = period.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    return InvoiceCalculation.compute(
        plans,
        history,
        period,
        usage.hours(history.tenantId(), start, end),
        controls,
        clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }
}
