package io.themisdb.platform.billing;

import io.themisdb.billing.Billing;
import io.themisdb.billing.invoice.jdbc.JdbcInvoiceStore;
import io.themisdb.billing.metering.jdbc.JdbcUsageTable;
import io.themisdb.billing.plan.Plan;
import io.themisdb.billing.plan.PlanLimits;
import io.themisdb.billing.plan.Plans;
import io.themisdb.billing.quota.RateLimiterSettings;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The billing module over the control plane. */
@Configuration(proxyBeanMethods = false)
class BillingConfiguration {

  private static final Logger log = LoggerFactory.getLogger(BillingConfiguration.class);

  @Bean
  Plans plans(JdbcClient jdbc, Flyway flyway, BillingSettings settings) {
    // Flyway is a parameter so that the table is migrated before it is read.
    Plans table = PlanCatalogue.read(jdbc);
    if (settings.planOverrides().isEmpty()) {
      return table;
    }
    return Plans.of(
        table.all().stream()
            .map(p -> withLimits(p, settings.planOverrides().get(p.code())))
            .toList());
  }

  private static Plan withLimits(Plan plan, BillingSettings.PlanOverride limits) {
    if (limits == null) {
      return plan;
    }
    PlanLimits l = plan.limits();
    log.warn("Plan {}: limits from configuration, not from the plans table", plan.code());
    return new Plan(
        plan.code(),
        plan.displayName(),
        new PlanLimits(
            limits.burst() == null ? l.burst() : limits.burst().toRequestLimit("burst"),
            limits.sustained() == null
                ? l.sustained()
                : limits.sustained().toRequestLimit("sustained"),
            limits.storageBytes() == null ? l.storageBytes() : limits.storageBytes(),
            limits.collections() == null ? l.collections() : limits.collections(),
            l.gpuJobsPerMinute()),
        plan.prices());
  }

  /**
   * Closed at shutdown after the web server stopped (graceful shutdown runs first) and before the
   * datasource (this bean depends on it), so the last usage flush still finds the database.
   */
  @Bean(destroyMethod = "close")
  Billing billing(
      BillingSettings settings,
      Plans plans,
      JdbcUsageTable usageTable,
      JdbcInvoiceStore invoiceStore,
      ApplicationEventPublisher events) {
    io.themisdb.billing.BillingSettings module =
        new io.themisdb.billing.BillingSettings(
            settings.rateLimitBackend(),
            limiterSettings(settings),
            settings.usageFlushInterval(),
            settings.invoiceSettle(),
            settings.clientSharePercent());
    log.info(
        "Billing: rate-limit buckets in {}, usage flushed every {}",
        settings.rateLimitBackend(),
        settings.usageFlushInterval());
    return Billing.open(
        module,
        plans,
        usageTable,
        usageTable,
        invoiceStore,
        Clock.systemUTC(),
        f -> {
          log.info("Invoice {} of tenant {} finalised", f.period(), f.tenantId());
          try {
            events.publishEvent(f); // the invoice.finalized webhook
          } catch (RuntimeException e) {
            // The invoice is stored; only its webhook is lost (docs/billing.md says so).
            log.error(
                "invoice.finalized of tenant {} not published: {}", f.tenantId(), e.toString());
          }
        });
  }

  @Bean
  JdbcUsageTable usageTable(DataSource controlPlane) {
    return new JdbcUsageTable(controlPlane, "usage_hourly");
  }

  @Bean
  JdbcInvoiceStore invoiceStore(DataSource controlPlane) {
    return new JdbcInvoiceStore(controlPlane);
  }

  private static RateLimiterSettings limiterSettings(BillingSettings settings) {
    if (settings.redisUrl() == null || settings.redisUrl().isBlank()) {
      return RateLimiterSettings.defaults();
    }
    return new RateLimiterSettings(
        RateLimiterSettings.DEFAULT_PREFIX, Map.of("redis.url", settings.redisUrl()));
  }
}
