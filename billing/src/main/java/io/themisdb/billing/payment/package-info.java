/**
 * Payment provider events in: {@link io.themisdb.billing.payment.StripeEvents} verifies a Stripe
 * webhook with stripe-java's verifier and turns it into a {@link
 * io.themisdb.billing.payment.PaymentEvent}. What the events do to subscriptions and tenants, and
 * their idempotency, is platform-api's.
 */
package io.themisdb.billing.payment;
