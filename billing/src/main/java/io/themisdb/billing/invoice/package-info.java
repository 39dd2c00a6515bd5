/**
 * Monthly invoices: {@link io.themisdb.billing.invoice.InvoiceRun} prices a tenant's hourly usage
 * and plan history and stores the result once in an {@link
 * io.themisdb.billing.invoice.InvoiceStore}.
 */
package io.themisdb.billing.invoice;
