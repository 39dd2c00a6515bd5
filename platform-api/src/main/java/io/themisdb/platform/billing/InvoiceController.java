package io.themisdb.platform.billing;

import io.themisdb.billing.invoice.InvoiceStore;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.ApiCaller;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The caller's tenant's finalised invoices, newest first; immutable once listed. */
@RestController
class InvoiceController {

  private final InvoiceStore invoices;

  InvoiceController(InvoiceStore invoices) {
    this.invoices = invoices;
  }

  @GetMapping("/v1/invoices")
  @PreAuthorize("hasAuthority('SCOPE_billing:read')")
  List<InvoiceView> list(ApiCaller caller) {
    return invoices.list(caller.tenant().id().toString()).stream().map(InvoiceView::of).toList();
  }

  @GetMapping("/v1/invoices/{period}")
  @PreAuthorize("hasAuthority('SCOPE_billing:read')")
  InvoiceView get(ApiCaller caller, @PathVariable String period) {
    return invoices
        .find(caller.tenant().id().toString(), parse(period))
        .map(InvoiceView::of)
        .orElseThrow(
            () -> new ProblemException(ProblemType.NOT_FOUND, "No invoice for " + period + "."));
  }

  static YearMonth parse(String period) {
    try {
      return YearMonth.parse(period);
    } catch (DateTimeParseException e) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED, "A period is a month written YYYY-MM: " + period);
    }
  }
}
