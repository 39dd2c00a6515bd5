package io.themisdb.platform.billing;

import io.themisdb.billing.invoice.Invoice;
import io.themisdb.billing.invoice.PeriodNotClosedException;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import java.time.YearMonth;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators run a month's invoices for every live tenant (operator role, enforced by the console
 * security chain). Idempotent: a tenant already invoiced for the period keeps its stored invoice.
 */
@RestController
class OperatorInvoiceRunController {

  private final InvoiceRuns runs;

  OperatorInvoiceRunController(InvoiceRuns runs) {
    this.runs = runs;
  }

  record RunRequest(String period) {}

  record RunResult(String period, int invoices, long total) {}

  @PostMapping("/console/api/operator/invoice-runs")
  RunResult run(@RequestBody RunRequest request) {
    YearMonth period = InvoiceController.parse(request.period());
    List<Invoice> made;
    try {
      made = runs.run(period);
    } catch (PeriodNotClosedException e) {
      throw new ProblemException(ProblemType.CONFLICT, e.getMessage());
    }
    return new RunResult(
        period.toString(), made.size(), made.stream().mapToLong(Invoice::total).sum());
  }
}
