package io.themisdb.platform.billing;

import io.themisdb.billing.invoice.Invoice;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Invoices the previous month for every live tenant on {@code themis.billing.invoice-run.cron}
 * (UTC). Several instances may run it at once: invoices are stored once per tenant and period. A
 * failed run (database down) is retried an hour later, until the next scheduled run.
 */
@Component
class ScheduledInvoiceRun {

  private static final Logger log = LoggerFactory.getLogger(ScheduledInvoiceRun.class);
  private static final Duration RETRY = Duration.ofHours(1);

  private final InvoiceRuns runs;
  private final CronExpression cron;
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("invoice-run").daemon().factory());

  ScheduledInvoiceRun(InvoiceRuns runs, BillingSettings settings) {
    this.runs = runs;
    this.cron = CronExpression.parse(settings.invoiceRun().cron());
    if (settings.invoiceRun().enabled()) {
      scheduleNext();
      log.info("Monthly invoice run scheduled: {} (UTC)", settings.invoiceRun().cron());
    }
  }

  private void scheduleNext() {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    ZonedDateTime next = cron.next(now);
    if (next == null) {
      log.warn("The invoice run's cron expression never fires again");
      return;
    }
    long delay = Duration.between(now, next).toMillis();
    schedule.schedule(
        () -> runFor(YearMonth.from(next).minusMonths(1)), delay, TimeUnit.MILLISECONDS);
  }

  private void runFor(YearMonth period) {
    try {
      List<Invoice> made = runs.run(period);
      log.info("Invoice run {}: {} invoices", period, made.size());
      scheduleNext();
    } catch (RuntimeException e) {
      log.warn("Invoice run {} failed, retrying in {}: {}", period, RETRY, e.toString());
      schedule.schedule(() -> runFor(period), RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @PreDestroy
  void stop() {
    schedule.shutdownNow();
  }
}
