package io.themisdb.platform.billing;

import io.themisdb.billing.plan.RequestLimit;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Billing wiring ({@code themis.billing.*}); docs/configuration.md lists them.
 *
 * @param rateLimitBackend where rate-limit buckets live: {@code memory} (one instance, default) or
 *     {@code redis} (shared by every instance; the postgres profile selects it)
 * @param redisUrl Redis for the {@code redis} backend, for example {@code redis://redis:6379}
 * @param usageFlushInterval how often metered usage is written to {@code usage_hourly}; also the
 *     most usage a crash can lose
 * @param invoiceSettle how long after a month ends it may be invoiced; at least the flush interval
 * @param storageSampleInterval how often every tenant's stored bytes are sampled for metering
 * @param planOverrides replaces a plan's limits from the {@code plans} table, by plan code (for
 *     example {@code themis.billing.plan-overrides.free.burst.quota=3}); for tests and operators
 *     who try a limit before they migrate it into the table
 * @param addressQuota how many signup, console login and password reset requests one client address
 *     may send per {@code addressWindow}, before any tenant is known
 * @param addressWindow the window of {@code addressQuota}
 * @param spendCheckInterval how often each tenant's month-to-date spend is compared with its alert
 *     threshold and spend cap
 * @param invoiceRun the scheduled monthly invoice run
 * @param clientSharePercent how much of its tenant's request quotas one API client may use (1 to
 *     100 per cent); the client's own {@code client-burst} and {@code client-sustained} policies
 */
@ConfigurationProperties("themis.billing")
public record BillingSettings(
    @DefaultValue("memory") String rateLimitBackend,
    String redisUrl,
    @DefaultValue("1m") Duration usageFlushInterval,
    @DefaultValue("10m") Duration invoiceSettle,
    @DefaultValue("1h") Duration storageSampleInterval,
    Map<String, PlanOverride> planOverrides,
    @DefaultValue("30") long addressQuota,
    @DefaultValue("10m") Duration addressWindow,
    @DefaultValue("5m") Duration spendCheckInterval,
    @DefaultValue InvoiceRunSchedule invoiceRun,
    @DefaultValue("50") int clientSharePercent) {

  public BillingSettings {
    planOverrides = planOverrides == null ? Map.of() : Map.copyOf(planOverrides);
  }

  /**
   * When the previous month is invoiced for every live tenant.
   *
   * @param enabled off in tests and where an operator runs invoices by hand
   * @param cron a Spring cron expression in UTC; the default, 01:00 on the 1st, is past the settle
   *     delay
   */
  public record InvoiceRunSchedule(
      @DefaultValue("true") boolean enabled, @DefaultValue("0 0 1 1 * *") String cron) {}

  /** The policy of signup, login and password reset per client address. */
  public RequestLimit addressLimit() {
    return new RequestLimit("address", addressQuota, addressWindow.toSeconds());
  }

  /** A request quota per window; windows are whole seconds in the rate-limit header fields. */
  public record LimitSetting(long quota, Duration window) {

    public RequestLimit toRequestLimit(String name) {
      return new RequestLimit(name, quota, window.toSeconds());
    }
  }

  /** A plan's request limits and caps; any left out keeps the table's value. */
  public record PlanOverride(
      LimitSetting burst, LimitSetting sustained, Long storageBytes, Integer collections) {}
}
