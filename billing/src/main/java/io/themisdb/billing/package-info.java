/**
 * Plans, rate limits, metering and invoices.
 *
 * <p>Front door: {@link io.themisdb.billing.Billing}. Extension points: {@link
 * io.themisdb.billing.quota.RateLimiterFactory} (rate-limit backends), {@link
 * io.themisdb.billing.metering.UsageSink} and {@link io.themisdb.billing.invoice.InvoiceStore}.
 * Amounts are integer minor units with a currency, never floating point. See docs/billing.md.
 */
package io.themisdb.billing;
