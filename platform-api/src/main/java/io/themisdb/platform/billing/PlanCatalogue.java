package io.themisdb.platform.billing;

import io.themisdb.billing.plan.Plan;
import io.themisdb.billing.plan.PlanLimits;
import io.themisdb.billing.plan.PlanPrices;
import io.themisdb.billing.plan.Plans;
import io.themisdb.billing.plan.RequestLimit;
import java.util.Currency;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads the plan catalogue from the control plane's {@code plans} table (seeded by Flyway with the
 * billing module's standard catalogue). Read once at start: an operator who edits a plan row
 * restarts the platform.
 */
public final class PlanCatalogue {

  private static final RowMapper<Plan> ROW =
      (rs, n) ->
          new Plan(
              rs.getString("id"),
              rs.getString("display_name"),
              new PlanLimits(
                  new RequestLimit(
                      "burst", rs.getLong("burst_requests"), rs.getLong("burst_window_seconds")),
                  new RequestLimit(
                      "sustained",
                      rs.getLong("sustained_requests"),
                      rs.getLong("sustained_window_seconds")),
                  rs.getLong("storage_cap_bytes"),
                  rs.getInt("collection_cap"),
                  rs.getInt("gpu_jobs_per_minute")),
              new PlanPrices(
                  Currency.getInstance(rs.getString("currency").trim()),
                  rs.getLong("monthly_fee_minor"),
                  rs.getLong("per_million_reads_minor"),
                  rs.getLong("per_million_writes_minor"),
                  rs.getLong("per_gb_month_minor"),
                  rs.getLong("per_gpu_second_minor")));

  private PlanCatalogue() {}

  /** Every plan in the table, cheapest first. */
  public static Plans read(JdbcClient jdbc) {
    return Plans.of(
        jdbc.sql("SELECT * FROM plans ORDER BY monthly_fee_minor, id").query(ROW).list());
  }
}
