package io.themisdb.platform.billing;

import io.themisdb.billing.invoice.PlanChange;
import io.themisdb.billing.invoice.SubscriptionHistory;
import io.themisdb.billing.plan.Plans;
import io.themisdb.billing.plan.UnknownPlanException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's one subscription: {@code tenants.plan_id} is the plan in force, {@code
 * subscription_changes} when each plan took effect. Signup records the free plan (see {@code
 * Tenants.createWithOwner}); a change takes effect at once and the invoice prorates by it.
 */
@Component
public class Subscriptions {

  private final JdbcClient jdbc;
  private final Plans plans;
  private final ApplicationEventPublisher events;

  Subscriptions(JdbcClient jdbc, Plans plans, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.plans = plans;
    this.events = events;
  }

  /**
   * Moves the tenant to {@code planCode} from now on and publishes {@link PlanChanged}.
   *
   * @return false when there is no such tenant
   * @throws UnknownPlanException for a plan not in the catalogue
   */
  @Transactional
  public boolean change(UUID tenantId, String planCode) {
    plans.byCode(planCode);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    int updated =
        jdbc.sql("UPDATE tenants SET plan_id = ?, updated_at = ? WHERE id = ?")
            .params(planCode, now, tenantId)
            .update();
    if (updated == 0) {
      return false;
    }
    jdbc.sql("INSERT INTO subscription_changes (tenant_id, plan_id, effective_at) VALUES (?, ?, ?)")
        .params(tenantId, planCode, now)
        .update();
    events.publishEvent(new PlanChanged(tenantId, planCode));
    return true;
  }

  /** Every plan change of the tenant, the signup first. */
  public SubscriptionHistory history(UUID tenantId) {
    return new SubscriptionHistory(
        tenantId.toString(),
        jdbc.sql(
                "SELECT plan_id, effective_at FROM subscription_changes WHERE tenant_id = ?"
                    + " ORDER BY effective_at")
            .param(tenantId)
            .query(
                (rs, n) ->
                    new PlanChange(
                        rs.getObject("effective_at", OffsetDateTime.class).toInstant(),
                        rs.getString("plan_id")))
            .list());
  }

  /** When the tenant's current plan took effect. */
  public Instant currentSince(UUID tenantId) {
    return jdbc.sql("SELECT max(effective_at) FROM subscription_changes WHERE tenant_id = ?")
        .param(tenantId)
        .query(OffsetDateTime.class)
        .single()
        .toInstant();
  }
}
