package io.themisdb.platform.billing.payment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Payments ({@code themis.billing.payment.*}); docs/configuration.md lists them.
 *
 * @param testProvider enables the built-in test payment provider: tenants pick a paid plan without
 *     paying (the embedded default; never in production)
 * @param stripeWebhookSecret the signing secret of the Stripe webhook endpoint ({@code whsec_...});
 *     without it {@code POST /webhooks/stripe} answers 404
 * @param stripeTolerance how old a Stripe signature may be
 * @param gracePeriod how long after a failed payment the tenant is suspended, unless paid
 * @param graceCheckInterval how often overdue tenants are looked for
 */
@ConfigurationProperties("themis.billing.payment")
public record PaymentSettings(
    @DefaultValue("false") boolean testProvider,
    String stripeWebhookSecret,
    @DefaultValue("300s") Duration stripeTolerance,
    @DefaultValue("7d") Duration gracePeriod,
    @DefaultValue("1m") Duration graceCheckInterval) {

  public boolean stripeEnabled() {
    return stripeWebhookSecret != null && !stripeWebhookSecret.isBlank();
  }

  @Override
  public String toString() {
    // The record's own toString would print the secret.
    return "PaymentSettings[testProvider="
        + testProvider
        + ", stripe="
        + stripeEnabled()
        + ", gracePeriod="
        + gracePeriod
        + "]";
  }
}
