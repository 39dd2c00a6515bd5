package io.themisdb.billing;

import io.themisdb.billing.invoice.InvoiceFinalized;
import io.themisdb.billing.invoice.InvoiceRun;
import io.themisdb.billing.invoice.InvoiceStore;
import io.themisdb.billing.invoice.jdbc.JdbcInvoiceStore;
import io.themisdb.billing.metering.UsageHistory;
import io.themisdb.billing.metering.UsageMeter;
import io.themisdb.billing.metering.UsageSink;
import io.themisdb.billing.metering.jdbc.JdbcUsageTable;
import io.themisdb.billing.plan.PlanLimits;
import io.themisdb.billing.plan.Plans;
import io.themisdb.billing.plan.RequestLimit;
import io.themisdb.billing.quota.PolicyStatus;
import io.themisdb.billing.quota.RateLimitDecision;
import io.themisdb.billing.quota.RateLimitKey;
import io.themisdb.billing.quota.RateLimiter;
import io.themisdb.billing.quota.RateLimiterFactory;
import io.themisdb.billing.quota.RequestCheck;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The billing module's front door: the plan catalogue, the rate limiter, the usage meter and the
 * invoice run, wired from {@link BillingSettings}. One instance per application; thread-safe.
 * {@link #close()} flushes usage first, then releases the rate-limit backend.
 */
public final class Billing implements AutoCloseable {

  private final Plans plans;
  private final RateLimiter rateLimiter;
  private final UsageMeter meter;
  private final InvoiceRun invoices;
  private final int clientSharePercent;

  private Billing(
      Plans plans,
      RateLimiter rateLimiter,
      UsageMeter meter,
      InvoiceRun invoices,
      int clientSharePercent) {
    this.plans = plans;
    this.clientSharePercent = clientSharePercent;
    this.rateLimiter = rateLimiter;
    this.meter = meter;
    this.invoices = invoices;
  }

  /**
   * Billing over caller-given stores.
   *
   * @param onInvoiceFinalized told once per finalised invoice (see {@link InvoiceRun})
   * @throws IllegalArgumentException for an unknown rate-limit backend or missing setting
   */
  public static Billing open(
      BillingSettings settings,
      Plans plans,
      UsageSink usageSink,
      UsageHistory usageHistory,
      InvoiceStore invoiceStore,
      Clock clock,
      Consumer<InvoiceFinalized> onInvoiceFinalized) {
    RateLimiter limiter =
        RateLimiterFactory.byId(settings.rateLimitBackend()).create(settings.rateLimiter());
    UsageMeter meter = UsageMeter.start(usageSink, clock, settings.usageFlushInterval());
    InvoiceRun run =
        new InvoiceRun(
            plans, usageHistory, invoiceStore, clock, settings.invoiceSettle(), onInvoiceFinalized);
    return new Billing(plans, limiter, meter, run, settings.clientSharePercent());
  }

  /**
   * Billing over the control-plane database: usage in {@code usage_hourly}, invoices in {@code
   * invoices} and {@code invoice_lines} (the schemas in {@code io/themisdb/billing/*.sql}).
   */
  public static Billing open(
      BillingSettings settings,
      Plans plans,
      DataSource controlPlane,
      Consumer<InvoiceFinalized> onInvoiceFinalized) {
    JdbcUsageTable usage = new JdbcUsageTable(controlPlane, "usage_hourly");
    return open(
        settings,
        plans,
        usage,
        usage,
        new JdbcInvoiceStore(controlPlane),
        Clock.systemUTC(),
        onInvoiceFinalized);
  }

  public Plans plans() {
    return plans;
  }

  /**
   * Checks one request of {@code key} against the request limits of plan {@code planCode}.
   *
   * @throws io.themisdb.billing.plan.UnknownPlanException for an unknown plan code
   */
  public RateLimitDecision checkRequest(RateLimitKey key, String planCode) {
    return rateLimiter.tryAcquire(key, plans.byCode(planCode).limits().requestLimits());
  }

  /**
   * Checks one request of API client {@code clientId} of tenant {@code tenantId}: first against the
   * client's own bucket ({@link PlanLimits#clientRequestLimits}), then, if that allows it, against
   * the tenant's. A client refused by its own limit takes nothing from the tenant's bucket, so it
   * cannot starve the tenant's other clients; a request the tenant's limit refuses still counts
   * against its client (the two buckets are separate atomic operations).
   *
   * @throws io.themisdb.billing.plan.UnknownPlanException for an unknown plan code
   * @throws io.themisdb.billing.quota.RateLimitBackendException when the backend is unreachable
   */
  public RequestCheck checkRequest(String tenantId, String clientId, String planCode) {
    PlanLimits limits = plans.byCode(planCode).limits();
    List<RequestLimit> tenantPolicies = limits.requestLimits();
    List<RequestLimit> clientPolicies = limits.clientRequestLimits(clientSharePercent);
    List<RequestLimit> all =
        Stream.concat(tenantPolicies.stream(), clientPolicies.stream()).toList();
    RateLimitDecision client =
        rateLimiter.tryAcquire(RateLimitKey.client(tenantId, clientId), clientPolicies);
    if (client instanceof RateLimitDecision.Exhausted) {
      return new RequestCheck(all, client, Optional.of(RateLimitKey.Scope.CLIENT));
    }
    RateLimitDecision tenant =
        rateLimiter.tryAcquire(RateLimitKey.tenant(tenantId), tenantPolicies);
    List<PolicyStatus> statuses =
        Stream.concat(tenant.statuses().stream(), client.statuses().stream()).toList();
    return switch (tenant) {
      case RateLimitDecision.Allowed a ->
          new RequestCheck(all, new RateLimitDecision.Allowed(statuses), Optional.empty());
      case RateLimitDecision.Exhausted e ->
          new RequestCheck(
              all,
              new RateLimitDecision.Exhausted(
                  statuses, e.retryAfterSeconds(), e.violatedPolicies()),
              Optional.of(RateLimitKey.Scope.TENANT));
    };
  }

  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  public UsageMeter meter() {
    return meter;
  }

  public InvoiceRun invoices() {
    return invoices;
  }

  /** Flushes and stops the meter, then closes the rate limiter. Idempotent. */
  @Override
  public void close() {
    try {
      meter.close();
    } finally {
      rateLimiter.close();
    }
  }
}
