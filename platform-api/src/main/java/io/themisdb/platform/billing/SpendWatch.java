package io.themisdb.platform.billing;

import io.themisdb.billing.Billing;
import io.themisdb.billing.invoice.Invoice;
import io.themisdb.billing.invoice.SpendControls;
import io.themisdb.platform.billing.webhook.WebhookEventType;
import io.themisdb.platform.billing.webhook.WebhookOutbox;
import io.themisdb.platform.tenancy.TenantStatus;
import io.themisdb.platform.tenancy.Tenants;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compares each tenant's month-to-date spend ({@code InvoiceRun.preview}: the month's base fees and
 * the usage flushed so far) with its spend controls every {@code
 * themis.billing.spend-check-interval}. At the alert threshold it sends {@code
 * usage.threshold_reached} once per month; at the spend cap the tenant's metered work stops ({@link
 * SpendCapInterceptor}) until the cap is raised or the month ends.
 */
@Component
public class SpendWatch {

  private static final Logger log = LoggerFactory.getLogger(SpendWatch.class);

  private final Billing billing;
  private final Subscriptions subscriptions;
  private final SpendControlsStore store;
  private final Tenants tenants;
  private final WebhookOutbox outbox;
  private final TransactionTemplate tx;
  private final Clock clock = Clock.systemUTC();

  /** Tenants at their cap, with the month they reached it in; other months do not count. */
  private final Map<UUID, YearMonth> capped = new ConcurrentHashMap<>();

  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("spend-watch").daemon().factory());

  SpendWatch(
      Billing billing,
      Subscriptions subscriptions,
      SpendControlsStore store,
      Tenants tenants,
      WebhookOutbox outbox,
      TransactionTemplate tx,
      BillingSettings settings) {
    this.billing = billing;
    this.subscriptions = subscriptions;
    this.store = store;
    this.tenants = tenants;
    this.outbox = outbox;
    this.tx = tx;
    long every = settings.spendCheckInterval().toMillis();
    schedule.scheduleWithFixedDelay(this::checkAllQuietly, 0, every, TimeUnit.MILLISECONDS);
  }

  /** Whether the tenant's spend is at its cap this month. */
  public boolean atCap(UUID tenant) {
    YearMonth month = capped.get(tenant);
    return month != null && month.equals(YearMonth.now(clock));
  }

  /** Checks every tenant with controls, and takes other instances' cap decisions. */
  public void checkAll() {
    YearMonth period = YearMonth.now(clock);
    for (UUID tenant : store.withControls()) {
      boolean live =
          tenants
              .find(tenant)
              .map(t -> t.status() == TenantStatus.ACTIVE || t.status() == TenantStatus.SUSPENDED)
              .orElse(false);
      if (live) {
        try {
          check(tenant);
        } catch (RuntimeException e) {
          log.warn("Spend check of tenant {} failed: {}", tenant, e.toString());
        }
      }
    }
    Set<UUID> cappedNow = Set.copyOf(store.cappedIn(period));
    capped.keySet().retainAll(cappedNow);
    cappedNow.forEach(t -> capped.put(t, period));
  }

  /** Checks one tenant now; returns its month-to-date estimate. */
  public Invoice check(UUID tenant) {
    YearMonth period = YearMonth.now(clock);
    SpendControls controls = store.of(tenant);
    Invoice estimate = billing.invoices().preview(subscriptions.history(tenant), period, controls);
    tx.executeWithoutResult(
        s -> {
          if (estimate.alertThresholdReached() && store.markAlerted(tenant, period)) {
            outbox.publish(
                tenant,
                WebhookEventType.USAGE_THRESHOLD_REACHED,
                Map.of(
                    "period", period.toString(),
                    "currency", estimate.currency().getCurrencyCode(),
                    "threshold", controls.alertThreshold(),
                    "spent", estimate.total()));
          }
          store.capped(tenant, period, estimate.spendCapReached());
        });
    if (estimate.spendCapReached()) {
      capped.put(tenant, period);
    } else {
      capped.remove(tenant);
    }
    return estimate;
  }

  private void checkAllQuietly() {
    try {
      checkAll();
    } catch (RuntimeException e) {
      log.warn("Spend check failed: {}", e.toString());
    }
  }

  @PreDestroy
  void stop() {
    schedule.shutdownNow();
  }
}
