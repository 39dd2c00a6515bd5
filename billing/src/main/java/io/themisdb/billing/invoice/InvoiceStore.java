package io.themisdb.billing.invoice;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * Finalised invoices, at most one per tenant and period. There is no update and no delete: a stored
 * invoice is final.
 */
public interface InvoiceStore {

  Optional<Invoice> find(String tenantId, YearMonth period);

  /** The tenant's invoices, newest period first. */
  List<Invoice> list(String tenantId);

  /**
   * Stores {@code invoice} unless one exists for its tenant and period, atomically.
   *
   * @return the invoice now stored ({@code invoice}, or the one stored before, unchanged) and
   *     whether this call created it; exactly one of several racing calls reports created
   * @throws InvoiceStoreException when the store cannot be reached
   */
  StoredInvoice saveIfAbsent(Invoice invoice);
}
