package io.themisdb.platform.billing;

import io.themisdb.billing.Billing;
import io.themisdb.billing.invoice.Invoice;
import io.themisdb.billing.invoice.SubscriptionHistory;
import io.themisdb.platform.tenancy.TenantStatus;
import io.themisdb.platform.tenancy.Tenants;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * A month's invoices for every active and suspended tenant, each with the tenant's spend controls;
 * what the operator's invoice run and the monthly schedule both do. Idempotent: a tenant already
 * invoiced for the period keeps its stored invoice.
 */
@Component
class InvoiceRuns {

  private final Billing billing;
  private final Tenants tenants;
  private final Subscriptions subscriptions;
  private final SpendControlsStore spendControls;

  InvoiceRuns(
      Billing billing,
      Tenants tenants,
      Subscriptions subscriptions,
      SpendControlsStore spendControls) {
    this.billing = billing;
    this.tenants = tenants;
    this.subscriptions = subscriptions;
    this.spendControls = spendControls;
  }

  /**
   * @throws io.themisdb.billing.invoice.PeriodNotClosedException when the month plus the settle
   *     delay has not passed
   */
  List<Invoice> run(YearMonth period) {
    List<UUID> live =
        Stream.of(TenantStatus.ACTIVE, TenantStatus.SUSPENDED)
            .flatMap(s -> tenants.idsWithStatus(s).stream())
            .toList();
    List<Invoice> made = new ArrayList<>();
    for (UUID id : live) {
      SubscriptionHistory history = subscriptions.history(id);
      if (history.segments(start(period), start(period.plusMonths(1))).isEmpty()) {
        continue; // not subscribed in that month: nothing to invoice
      }
      made.add(billing.invoices().run(history, period, spendControls.of(id)));
    }
    return made;
  }

  private static Instant start(YearMonth month) {
    return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }
}
