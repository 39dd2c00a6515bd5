package io.themisdb.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.billing.invoice.PlanChange;
import io.themisdb.billing.invoice.SpendControls;
import io.themisdb.billing.invoice.SubscriptionHistory;
import io.themisdb.billing.metering.jdbc.JdbcUsageTable;
import io.themisdb.billing.plan.Plans;
import io.themisdb.billing.plan.UnknownPlanException;
import io.themisdb.billing.quota.RateLimitDecision;
import io.themisdb.billing.quota.RateLimitKey;
import io.themisdb.billing.quota.RateLimiterSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BillingTest {

  private JdbcDataSource controlPlane;
  private final java.util.List<io.themisdb.billing.invoice.InvoiceFinalized> events =
      new java.util.ArrayList<>();

  @BeforeEach
  void schema() throws Exception {
    controlPlane = new JdbcDataSource();
    controlPlane.setURL("jdbc:h2:mem:billing_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    SqlScripts.run(controlPlane, "usage_hourly.sql");
    SqlScripts.run(controlPlane, "invoices.sql");
  }

  @Test
  void requestsAreLimitedByTheTenantsPlan() {
    try (Billing billing =
        Billing.open(BillingSettings.defaults(), Plans.standard(), controlPlane, events::add)) {
      RateLimitKey key = RateLimitKey.tenant("acme");
      long burst = billing.plans().byCode("free").limits().burst().quota();
      for (int i = 0; i < burst; i++) {
        assertThat(billing.checkRequest(key, "free")).isInstanceOf(RateLimitDecision.Allowed.class);
      }
      // The free burst refills 10 per second; whatever trickled in, the burst is now spent.
      long refused = 0;
      for (int i = 0; i < 100; i++) {
        if (billing.checkRequest(key, "free") instanceof RateLimitDecision.Exhausted) {
          refused++;
        }
      }
      assertThat(refused).isPositive();
      assertThatThrownBy(() -> billing.checkRequest(key, "gold"))
          .isInstanceOf(UnknownPlanException.class);
    }
  }

  @Test
  void aClientRefusedByItsOwnLimitLeavesTheTenantsBucketToTheOtherClients() {
    // pro: burst 200/s; each client gets 50 % = 100. Within one test the burst refills at most a
    // few hundred per second, so count refusals rather than exact positions.
    try (Billing billing =
        Billing.open(BillingSettings.defaults(), Plans.standard(), controlPlane, events::add)) {
      int clientRefusals = 0;
      for (int i = 0; i < 400; i++) {
        var check = billing.checkRequest("acme", "busy", "pro");
        assertThat(check.policies())
            .extracting(io.themisdb.billing.plan.RequestLimit::name)
            .containsExactly("burst", "sustained", "client-burst", "client-sustained");
        if (!check.allowed()) {
          assertThat(check.refusedBy()).hasValue(RateLimitKey.Scope.CLIENT);
          assertThat(((RateLimitDecision.Exhausted) check.decision()).violatedPolicies())
              .containsExactly("client-burst");
          assertThat(check.decision().statuses()).hasSize(2); // the tenant's was not checked
          clientRefusals++;
        } else {
          assertThat(check.decision().statuses()).hasSize(4);
        }
      }
      assertThat(clientRefusals).isPositive();

      // The busy client's refusals took nothing from the tenant: another client still gets in.
      var other = billing.checkRequest("acme", "quiet", "pro");
      assertThat(other.allowed()).isTrue();

      // Enough clients together exhaust the tenant's burst, and then the tenant refuses.
      var refusedByTenant = java.util.Optional.<io.themisdb.billing.quota.RequestCheck>empty();
      for (int c = 0; c < 20 && refusedByTenant.isEmpty(); c++) {
        for (int i = 0; i < 100; i++) {
          var check = billing.checkRequest("acme", "client-" + c, "pro");
          if (check.refusedBy().equals(java.util.Optional.of(RateLimitKey.Scope.TENANT))) {
            refusedByTenant = java.util.Optional.of(check);
            break;
          }
        }
      }
      assertThat(refusedByTenant).isPresent();
      var exhausted = (RateLimitDecision.Exhausted) refusedByTenant.get().decision();
      assertThat(exhausted.violatedPolicies()).containsExactly("burst");
      assertThat(exhausted.statuses()).hasSize(4);
    }
  }

  @Test
  void clientShareOutsideOneToHundredIsRejected() {
    assertThatThrownBy(
            () ->
                new BillingSettings(
                    "memory",
                    RateLimiterSettings.defaults(),
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(10),
                    0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 100");
  }

  @Test
  void closingFlushesUsageThatTheInvoiceRunThenBills() {
    String tenant = "t-" + UUID.randomUUID();
    Billing billing =
        Billing.open(BillingSettings.defaults(), Plans.standard(), controlPlane, events::add);
    billing.meter().record(tenant, 1_000, 1_000, 0);
    billing.close();

    Instant now = Instant.now();
    var hours =
        new JdbcUsageTable(controlPlane, "usage_hourly")
            .hours(tenant, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)));
    assertThat(hours).singleElement().satisfies(h -> assertThat(h.readUnits()).isEqualTo(1_000));

    try (Billing again =
        Billing.open(BillingSettings.defaults(), Plans.standard(), controlPlane, events::add)) {
      var history =
          new SubscriptionHistory(
              tenant,
              java.util.List.of(new PlanChange(Instant.parse("2020-01-01T00:00:00Z"), "pro")));
      var invoice = again.invoices().run(history, YearMonth.of(2020, 2), SpendControls.UNSET);
      assertThat(invoice.total()).isEqualTo(9900);
      assertThat(events).singleElement().extracting(e -> e.total()).isEqualTo(9900L);
    }
  }

  @Test
  void settleShorterThanTheFlushIntervalIsRefused() {
    assertThatThrownBy(
            () ->
                new BillingSettings(
                    "memory",
                    RateLimiterSettings.defaults(),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flush interval");
  }

  @Test
  void unknownRateLimitBackendFailsAtStartUp() {
    BillingSettings settings =
        BillingSettings.defaults().withRateLimitBackend("etcd", RateLimiterSettings.defaults());
    assertThatThrownBy(() -> Billing.open(settings, Plans.standard(), controlPlane, events::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("etcd");
  }
}
