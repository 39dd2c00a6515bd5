package io.themisdb.platform.billing;

import io.themisdb.billing.Billing;
import io.themisdb.billing.invoice.Invoice;
import io.themisdb.billing.invoice.PeriodNotClosedException;
import io.themisdb.billing.invoice.SpendControls;
import io.themisdb.billing.invoice.SubscriptionHistory;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.TenantStatus;
import io.themisdb.platform.tenancy.Tenants;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators run a month's invoices for every live tenant (operator role, enforced by the console
 * security chain). Idempotent: a tenant already invoiced for the period keeps its stored invoice.
 */
@RestController
class OperatorInvoiceRunController {

  private final Billing billing;
  private final Tenants tenants;
  private final Subscriptions subscriptions;

  OperatorInvoiceRunController(Billing billing, Tenants tenants, Subscriptions subscriptions) {
    this.billing = billing;
    this.tenants = tenants;
    this.subscriptions = subscriptions;
  }

  record RunRequest(String period) {}

  record RunResult(String period, int invoices, long total) {}

  @PostMapping("/console/api/operator/invoice-runs")
  RunResult run(@RequestBody RunRequest request) {
    YearMonth period = InvoiceController.parse(request.period());
    List<UUID> live =
        Stream.of(TenantStatus.ACTIVE, TenantStatus.SUSPENDED)
            .flatMap(s -> tenants.idsWithStatus(s).stream())
            .toList();
    List<Invoice> made = new ArrayList<>();
    try {
      for (UUID id : live) {
        SubscriptionHistory history = subscriptions.history(id);
        if (history.segments(start(period), start(period.plusMonths(1))).isEmpty()) {
          continue; // not subscribed in that month: nothing to invoice
        }
        // Spend controls per tenant are not stored yet: no alert threshold, no cap.
        made.add(billing.invoices().run(history, period, SpendControls.UNSET));
      }
    } catch (PeriodNotClosedException e) {
      throw new ProblemException(ProblemType.CONFLICT, e.getMessage());
    }
    return new RunResult(
        period.toString(), made.size(), made.stream().mapToLong(Invoice::total).sum());
  }

  private static Instant start(YearMonth month) {
    return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }
}
