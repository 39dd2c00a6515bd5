/**
 * Plans, quotas, metering, invoices and webhooks.
 *
 * <p>Front door: {@code Billing}. Extension point: {@code io.themisdb.billing.payment}, where a
 * payment provider plugs in. Amounts are integer minor units with a currency, never floating point.
 */
package io.themisdb.billing;
