package io.themisdb.platform.billing;

import io.themisdb.billing.invoice.SpendControls;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code spend_controls} table: a tenant's alert threshold and spend cap. */
@Component
public class SpendControlsStore {

  private final JdbcClient jdbc;

  SpendControlsStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The tenant's controls; {@link SpendControls#UNSET} when it set none. */
  public SpendControls of(UUID tenant) {
    return jdbc.sql(
            "SELECT alert_threshold_minor, spend_cap_minor FROM spend_controls WHERE tenant_id = ?")
        .param(tenant)
        .query((rs, n) -> new SpendControls(rs.getLong(1), rs.getLong(2)))
        .optional()
        .orElse(SpendControls.UNSET);
  }

  /** Replaces the tenant's controls; the month's cap state is recomputed by the next check. */
  void set(UUID tenant, SpendControls controls) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    int updated =
        jdbc.sql(
                "UPDATE spend_controls SET alert_threshold_minor = ?, spend_cap_minor = ?,"
                    + " updated_at = ? WHERE tenant_id = ?")
            .params(controls.alertThreshold(), controls.spendCap(), now, tenant)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "INSERT INTO spend_controls (tenant_id, alert_threshold_minor, spend_cap_minor,"
                  + " updated_at) VALUES (?, ?, ?, ?)")
          .params(tenant, controls.alertThreshold(), controls.spendCap(), now)
          .update();
    }
  }

  /** Tenants with a threshold or a cap set. */
  List<UUID> withControls() {
    return jdbc.sql(
            "SELECT tenant_id FROM spend_controls"
                + " WHERE alert_threshold_minor > 0 OR spend_cap_minor > 0")
        .query(UUID.class)
        .list();
  }

  /**
   * Marks the alert as sent for {@code period}; false when it was already (by this or another
   * instance), so the event goes out once per month.
   */
  boolean markAlerted(UUID tenant, YearMonth period) {
    return jdbc.sql(
                "UPDATE spend_controls SET alerted_period = ? WHERE tenant_id = ?"
                    + " AND (alerted_period IS NULL OR alerted_period <> ?)")
            .params(period.toString(), tenant, period.toString())
            .update()
        == 1;
  }

  void capped(UUID tenant, YearMonth period, boolean capped) {
    jdbc.sql("UPDATE spend_controls SET capped_period = ? WHERE tenant_id = ?")
        .params(capped ? period.toString() : null, tenant)
        .update();
  }

  /** Tenants whose spend reached their cap in {@code period}. */
  List<UUID> cappedIn(YearMonth period) {
    return jdbc.sql("SELECT tenant_id FROM spend_controls WHERE capped_period = ?")
        .param(period.toString())
        .query(UUID.class)
        .list();
  }
}
