package io.themisdb.platform.billing.webhook;

import io.themisdb.billing.webhook.RetrySchedule;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound webhooks ({@code themis.billing.webhooks.*}); docs/configuration.md lists them.
 *
 * @param pollInterval how often the delivery worker looks for due deliveries
 * @param retryInitial the first retry's nominal delay
 * @param retryMultiplier each further retry's nominal delay is this many times the previous one
 * @param retryMax the longest nominal delay
 * @param maxFailures consecutive failures after which a delivery is given up and, counted over the
 *     endpoint's deliveries, the endpoint disabled
 * @param requestTimeout how long one delivery attempt may take
 * @param lease how long a claimed delivery stays with the instance that claimed it; after a crash
 *     it is retried once the lease is over
 * @param allowPrivateAddresses allows endpoints on loopback, private and link-local addresses (for
 *     tests and closed networks; off by default so tenants cannot probe the platform's network)
 * @param maxEndpoints endpoints per tenant
 */
@ConfigurationProperties("themis.billing.webhooks")
public record WebhookSettings(
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("5s") Duration retryInitial,
    @DefaultValue("4") int retryMultiplier,
    @DefaultValue("10h") Duration retryMax,
    @DefaultValue("10") int maxFailures,
    @DefaultValue("10s") Duration requestTimeout,
    @DefaultValue("1m") Duration lease,
    @DefaultValue("false") boolean allowPrivateAddresses,
    @DefaultValue("10") int maxEndpoints) {

  public RetrySchedule retrySchedule() {
    return new RetrySchedule(retryInitial, retryMultiplier, retryMax, maxFailures);
  }
}
