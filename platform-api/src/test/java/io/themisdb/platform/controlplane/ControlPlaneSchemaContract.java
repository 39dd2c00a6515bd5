package io.themisdb.platform.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.billing.plan.Plans;
import io.themisdb.platform.billing.PlanCatalogue;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The control-plane migrations, run on a real database and checked through the schema it produces.
 * Extended once per database the platform supports, so one set of migrations is proven on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ControlPlaneSchemaContract {

  private JdbcClient jdbc;
  private MigrateResult firstMigration;

  /** An empty database, fresh for the test class. */
  abstract DataSource emptyDatabase();

  @BeforeAll
  void migrate() {
    DataSource ds = emptyDatabase();
    jdbc = JdbcClient.create(ds);
    firstMigration =
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
  }

  @Test
  void migrationsApplyFromEmptyAndAreIdempotent() {
    assertThat(firstMigration.success).isTrue();
    assertThat(firstMigration.migrationsExecuted).isPositive();
    Flyway again =
        Flyway.configure().dataSource(emptyDatabase()).locations("classpath:db/migration").load();
    assertThat(again.migrate().migrationsExecuted).isZero();
    assertThat(again.validateWithResult().validationSuccessful).isTrue();
  }

  @Test
  void schemaHasTheControlPlaneTablesAndColumns() {
    assertThat(columns("tenants"))
        .contains("id", "slug", "display_name", "status", "plan_id", "engine_node", "deleted_at");
    assertThat(columns("users"))
        .contains(
            "id",
            "email",
            "email_normalized",
            "password_hash",
            "platform_role",
            "status",
            "email_verified_at");
    assertThat(columns("tenant_memberships")).contains("tenant_id", "user_id", "role");
    assertThat(columns("plans"))
        .contains(
            "monthly_fee_minor",
            "per_million_reads_minor",
            "per_million_writes_minor",
            "per_gb_month_minor",
            "per_gpu_hour_minor",
            "burst_requests",
            "sustained_requests",
            "storage_cap_bytes",
            "collection_cap",
            "gpu_weight");
  }

  @Test
  void theFourPlansAreSeededWithConsistentPrices() {
    List<String> plans =
        jdbc.sql("SELECT id FROM plans ORDER BY monthly_fee_minor").query(String.class).list();
    assertThat(plans).containsExactly("free", "developer", "pro", "enterprise");
    Long freeFee =
        jdbc.sql("SELECT monthly_fee_minor FROM plans WHERE id = 'free'")
            .query(Long.class)
            .single();
    assertThat(freeFee).isZero();
  }

  @Test
  void thePlansTableHoldsTheBillingModulesCatalogue() {
    assertThat(PlanCatalogue.read(jdbc).all()).isEqualTo(Plans.standard().all());
    assertThat(columns("usage_hourly")).contains("tenant_id", "usage_hour", "read_units");
    assertThat(columns("invoice_lines")).contains("billing_period", "amount_minor");
  }

  @Test
  void aSubscriptionChangeMustNameAKnownPlan() {
    UUID tenant = insertTenant("subscriber", "ACTIVE", "free");
    assertThatThrownBy(
            () ->
                jdbc.sql(
                        "INSERT INTO subscription_changes (tenant_id, plan_id, effective_at)"
                            + " VALUES (?, 'platinum', ?)")
                    .params(tenant, OffsetDateTime.now())
                    .update())
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void tenantMustReferenceAKnownPlanAndAKnownStatus() {
    assertThatThrownBy(() -> insertTenant("acme", "ACTIVE", "platinum"))
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThatThrownBy(() -> insertTenant("acme", "SLEEPING", "free"))
        .isInstanceOf(DataIntegrityViolationException.class);

    insertTenant("acme", "ACTIVE", "free");
    assertThatThrownBy(() -> insertTenant("acme", "ACTIVE", "free"))
        .as("slugs are unique")
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void emailIsUniqueWhateverItsCase() {
    insertUser("Ada@Example.org");
    assertThatThrownBy(() -> insertUser("ada@example.ORG"))
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void membershipRoleIsOneOfTheFourTenantRoles() {
    UUID tenant = insertTenant("roles", "ACTIVE", "pro");
    UUID user = insertUser("owner@roles.example");
    assertThatThrownBy(() -> insertMembership(tenant, user, "GOD"))
        .isInstanceOf(DataIntegrityViolationException.class);
    insertMembership(tenant, user, "OWNER");
    assertThat(
            jdbc.sql("SELECT role FROM tenant_memberships WHERE user_id = ?")
                .param(user)
                .query(String.class)
                .single())
        .isEqualTo("OWNER");
  }

  private List<String> columns(String table) {
    return jdbc.sql(
            "SELECT lower(column_name) FROM information_schema.columns WHERE lower(table_name) = ?")
        .param(table)
        .query(String.class)
        .list();
  }

  private UUID insertTenant(String slug, String status, String plan) {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.now();
    jdbc.sql(
            "INSERT INTO tenants (id, slug, display_name, status, plan_id, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(id, slug, slug, status, plan, now, now)
        .update();
    return id;
  }

  private UUID insertUser(String email) {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.now();
    jdbc.sql(
            "INSERT INTO users (id, email, email_normalized, password_hash, status, created_at,"
                + " updated_at) VALUES (?, ?, lower(?), 'x', 'ACTIVE', ?, ?)")
        .params(id, email, email, now, now)
        .update();
    return id;
  }

  private void insertMembership(UUID tenant, UUID user, String role) {
    jdbc.sql(
            "INSERT INTO tenant_memberships (tenant_id, user_id, role, created_at)"
                + " VALUES (?, ?, ?, ?)")
        .params(tenant, user, role, OffsetDateTime.now())
        .update();
  }
}
