package io.themisdb.billing.invoice;

/** Invoices could not be read or written. */
public final class InvoiceStoreException extends RuntimeException {

  public InvoiceStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
