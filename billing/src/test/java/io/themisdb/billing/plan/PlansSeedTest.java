package io.themisdb.billing.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.billing.SqlScripts;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The Flyway seed platform-api copies must hold exactly the catalogue the code sells. */
class PlansSeedTest {

  @Test
  void seedRowsEqualTheStandardCatalogue() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:plans_seed;DB_CLOSE_DELAY=-1");
    SqlScripts.run(h2, "plans.sql");

    List<Plan> seeded = new ArrayList<>();
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM plans")) {
      while (rs.next()) {
        seeded.add(
            new Plan(
                rs.getString("code"),
                rs.getString("display_name"),
                new PlanLimits(
                    new RequestLimit(
                        rs.getString("burst_name"),
                        rs.getLong("burst_quota"),
                        rs.getLong("burst_window_s")),
                    new RequestLimit(
                        rs.getString("sustained_name"),
                        rs.getLong("sustained_quota"),
                        rs.getLong("sustained_window_s")),
                    rs.getLong("storage_bytes"),
                    rs.getInt("collections"),
                    rs.getInt("gpu_jobs_per_minute")),
                new PlanPrices(
                    Currency.getInstance(rs.getString("currency")),
                    rs.getLong("monthly_base_fee"),
                    rs.getLong("per_million_read_units"),
                    rs.getLong("per_million_write_units"),
                    rs.getLong("per_gb_month"),
                    rs.getLong("per_gpu_second"))));
      }
    }
    assertThat(seeded).containsExactlyInAnyOrderElementsOf(Plans.standard().all());
  }
}
