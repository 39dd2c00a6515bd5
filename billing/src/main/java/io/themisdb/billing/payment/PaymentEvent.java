package io.themisdb.billing.payment;

import java.time.Instant;

/**
 * A verified payment provider event, reduced to what billing acts on. Every event has the
 * provider's unique {@link #id()}, the key for processing it exactly once.
 */
public sealed interface PaymentEvent {

  String id();

  /** When the provider created the event. */
  Instant created();

  /**
   * A customer finished checkout: from now on {@code customerId} and {@code subscriptionId} belong
   * to the tenant named by the session's {@code client_reference_id}.
   *
   * @param planCode the plan bought ({@code metadata.plan}), null when the session does not say
   */
  record CheckoutCompleted(
      String id,
      Instant created,
      String tenantRef,
      String customerId,
      String subscriptionId,
      String planCode)
      implements PaymentEvent {}

  /**
   * A subscription was created or changed ({@code customer.subscription.created/updated}).
   *
   * @param status Stripe's subscription status ({@code active}, {@code past_due}, ...)
   * @param planCode {@code metadata.plan}, else the first item's price {@code lookup_key}; null
   *     when neither is set
   */
  record SubscriptionChanged(
      String id,
      Instant created,
      String customerId,
      String subscriptionId,
      String status,
      String planCode)
      implements PaymentEvent {}

  /** A subscription ended ({@code customer.subscription.deleted}): back to the free plan. */
  record SubscriptionEnded(String id, Instant created, String customerId, String subscriptionId)
      implements PaymentEvent {}

  /** An invoice of the customer was paid ({@code invoice.paid}). */
  record InvoicePaid(String id, Instant created, String customerId, String invoiceId)
      implements PaymentEvent {}

  /** Collecting an invoice of the customer failed ({@code invoice.payment_failed}). */
  record PaymentFailed(String id, Instant created, String customerId, String invoiceId)
      implements PaymentEvent {}

  /** A type billing does not act on: acknowledged and ignored. */
  record Ignored(String id, Instant created, String type) implements PaymentEvent {}
}
