package io.themisdb.platform.billing.payment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code payment_accounts} table: one row per tenant that ever went through checkout. */
@Component
class PaymentAccounts {

  private static final RowMapper<PaymentAccount> ROW =
      (rs, n) -> {
        OffsetDateTime pastDue = rs.getObject("past_due_since", OffsetDateTime.class);
        return new PaymentAccount(
            rs.getObject("tenant_id", UUID.class),
            rs.getString("provider"),
            rs.getString("customer_id"),
            rs.getString("subscription_id"),
            rs.getString("status"),
            pastDue == null ? null : pastDue.toInstant(),
            rs.getBoolean("suspended_for_payment"));
      };

  private final JdbcClient jdbc;

  PaymentAccounts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<PaymentAccount> ofTenant(UUID tenantId) {
    return jdbc.sql("SELECT * FROM payment_accounts WHERE tenant_id = ?")
        .param(tenantId)
        .query(ROW)
        .optional();
  }

  Optional<PaymentAccount> ofCustomer(String customerId) {
    if (customerId == null) {
      return Optional.empty();
    }
    return jdbc.sql("SELECT * FROM payment_accounts WHERE customer_id = ?")
        .param(customerId)
        .query(ROW)
        .optional();
  }

  /** Links the tenant to the provider's customer and subscription, replacing an earlier link. */
  void link(UUID tenantId, String provider, String customerId, String subscriptionId) {
    OffsetDateTime now = now();
    int updated =
        jdbc.sql(
                "UPDATE payment_accounts SET provider = ?, customer_id = ?, subscription_id = ?,"
                    + " status = 'active', updated_at = ? WHERE tenant_id = ?")
            .params(provider, customerId, subscriptionId, now, tenantId)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "INSERT INTO payment_accounts (tenant_id, provider, customer_id, subscription_id,"
                  + " status, updated_at) VALUES (?, ?, ?, ?, 'active', ?)")
          .params(tenantId, provider, customerId, subscriptionId, now)
          .update();
    }
  }

  void status(UUID tenantId, String subscriptionId, String status) {
    jdbc.sql(
            "UPDATE payment_accounts SET subscription_id = ?, status = ?, updated_at = ?"
                + " WHERE tenant_id = ?")
        .params(subscriptionId, status, now(), tenantId)
        .update();
  }

  /** Starts the grace period at {@code since}, unless one is running already. */
  void pastDue(UUID tenantId, Instant since) {
    jdbc.sql(
            "UPDATE payment_accounts SET status = 'past_due', updated_at = ?,"
                + " past_due_since = COALESCE(past_due_since, ?) WHERE tenant_id = ?")
        .params(now(), since.atOffset(ZoneOffset.UTC), tenantId)
        .update();
  }

  /** Ends the grace period; returns whether the tenant was suspended for payment. */
  boolean paid(UUID tenantId) {
    boolean wasSuspended =
        ofTenant(tenantId).map(PaymentAccount::suspendedForPayment).orElse(false);
    jdbc.sql(
            "UPDATE payment_accounts SET status = 'active', past_due_since = NULL,"
                + " suspended_for_payment = FALSE, updated_at = ? WHERE tenant_id = ?")
        .params(now(), tenantId)
        .update();
    return wasSuspended;
  }

  void suspendedForPayment(UUID tenantId) {
    jdbc.sql(
            "UPDATE payment_accounts SET suspended_for_payment = TRUE, updated_at = ?"
                + " WHERE tenant_id = ?")
        .params(now(), tenantId)
        .update();
  }

  /** Tenants whose grace period started at or before {@code cutoff} and are not suspended yet. */
  List<UUID> overdueSince(Instant cutoff) {
    return jdbc.sql(
            "SELECT tenant_id FROM payment_accounts WHERE past_due_since <= ?"
                + " AND suspended_for_payment = FALSE")
        .param(cutoff.atOffset(ZoneOffset.UTC))
        .query(UUID.class)
        .list();
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
