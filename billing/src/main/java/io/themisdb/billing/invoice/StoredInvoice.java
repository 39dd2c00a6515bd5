package io.themisdb.billing.invoice;

/**
 * What {@link InvoiceStore#saveIfAbsent} left in the store.
 *
 * @param invoice the invoice now stored for the period
 * @param created true when this call stored it; false when another run had stored it before
 */
public record StoredInvoice(Invoice invoice, boolean created) {}
