package io.themisdb.billing.invoice;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Currency;

/**
 * An invoice was finalised: published once per tenant and period, by the run that stored it (for
 * the {@code invoice.finalized} webhook).
 */
public record InvoiceFinalized(
    String tenantId, YearMonth period, Currency currency, long total, Instant finalizedAt) {

  static InvoiceFinalized of(Invoice invoice) {
    return new InvoiceFinalized(
        invoice.tenantId(),
        invoice.period(),
        invoice.currency(),
        invoice.total(),
        invoice.finalizedAt());
  }
}
