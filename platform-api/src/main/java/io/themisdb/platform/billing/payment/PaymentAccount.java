package io.themisdb.platform.billing.payment;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's account at the payment provider.
 *
 * @param provider {@code stripe}, or {@code test} for the test payment provider
 * @param status the provider's subscription status ({@code active}, {@code past_due}, {@code
 *     canceled}, ...)
 * @param pastDueSince when the first unpaid payment failed; null when nothing is overdue
 * @param suspendedForPayment whether the tenant is suspended because of it
 */
public record PaymentAccount(
    UUID tenantId,
    String provider,
    String customerId,
    String subscriptionId,
    String status,
    Instant pastDueSince,
    boolean suspendedForPayment) {}
