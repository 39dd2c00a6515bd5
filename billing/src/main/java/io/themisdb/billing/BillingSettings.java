package io.themisdb.billing;

import io.themisdb.billing.quota.RateLimiterSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the billing module; {@link #defaults()} documents the defaults.
 *
 * @param rateLimitBackend id of the rate-limiter backend: {@code memory} (default) or {@code redis}
 * @param rateLimiter the backend's settings (key prefix, {@code redis.url})
 * @param usageFlushInterval how often metered usage is written; also the most usage a crash can
 *     lose. Default 1 minute
 * @param invoiceSettle how long after a month ends it may be invoiced; must be at least the flush
 *     interval. Default 10 minutes
 * @param clientSharePercent how much of its tenant's request quotas one API client may use, in per
 *     cent (1 to 100); see {@link io.themisdb.billing.plan.PlanLimits#clientRequestLimits}. Default
 *     50
 */
public record BillingSettings(
    String rateLimitBackend,
    RateLimiterSettings rateLimiter,
    Duration usageFlushInterval,
    Duration invoiceSettle,
    int clientSharePercent) {

  public static final int DEFAULT_CLIENT_SHARE_PERCENT = 50;

  public BillingSettings {
    Objects.requireNonNull(rateLimitBackend, "rateLimitBackend");
    Objects.requireNonNull(rateLimiter, "rateLimiter");
    if (usageFlushInterval.isNegative() || usageFlushInterval.isZero()) {
      throw new IllegalArgumentException("Usage flush interval must be positive");
    }
    if (invoiceSettle.compareTo(usageFlushInterval) < 0) {
      throw new IllegalArgumentException(
          "Invoice settle delay "
              + invoiceSettle
              + " is shorter than the usage flush interval "
              + usageFlushInterval
              + ": the month's last usage could be missing from its invoice");
    }
    if (clientSharePercent < 1 || clientSharePercent > 100) {
      throw new IllegalArgumentException(
          "Client share must be 1 to 100 per cent: " + clientSharePercent);
    }
  }

  /** Settings with the default client share. */
  public BillingSettings(
      String rateLimitBackend,
      RateLimiterSettings rateLimiter,
      Duration usageFlushInterval,
      Duration invoiceSettle) {
    this(
        rateLimitBackend,
        rateLimiter,
        usageFlushInterval,
        invoiceSettle,
        DEFAULT_CLIENT_SHARE_PERCENT);
  }

  public static BillingSettings defaults() {
    return new BillingSettings(
        "memory", RateLimiterSettings.defaults(), Duration.ofMinutes(1), Duration.ofMinutes(10));
  }

  public BillingSettings withRateLimitBackend(String id, RateLimiterSettings settings) {
    return new BillingSettings(id, settings, usageFlushInterval, invoiceSettle, clientSharePercent);
  }
}
