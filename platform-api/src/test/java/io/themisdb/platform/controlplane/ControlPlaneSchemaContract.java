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

  /**
   * The billing module's own DDL (in its jar, used by its tests and stores) and the V4 migration
   * that copies it must agree: both are run here, the module's under a prefix, and every column's
   * type, size and nullability and every primary key compared.
   */
  @Test
  void billingTablesAgreeWithTheBillingModuleScripts() throws Exception {
    List<String> tables = List.of("usage_hourly", "invoices", "invoice_lines");
    for (String script : List.of("usage_hourly.sql", "invoices.sql")) {
      String sql;
      try (var in = Plans.class.getResourceAsStream("/io/themisdb/billing/" + script)) {
        sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      for (String table : tables) {
        sql = sql.replaceAll("\\b" + table + "\\b", "ddl_check_" + table);
      }
      for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";")) {
        if (!statement.isBlank()) {
          jdbc.sql(statement).update();
        }
      }
    }
    try {
      for (String table : tables) {
        assertThat(columnShapes("ddl_check_" + table))
            .as("columns of %s", table)
            .isNotEmpty()
            .isEqualTo(columnShapes(table));
        assertThat(primaryKey("ddl_check_" + table))
            .as("primary key of %s", table)
            .isNotEmpty()
            .isEqualTo(primaryKey(table));
      }
    } finally {
      for (String table : tables.reversed()) {
        jdbc.sql("DROP TABLE ddl_check_" + table).update();
      }
    }
  }

  private List<String> columnShapes(String table) {
    return jdbc.sql(
            """
            SELECT lower(column_name) || ' ' || lower(data_type) || ' '
                   || coalesce(cast(character_maximum_length AS VARCHAR(20)), '-') || ' '
                   || coalesce(cast(numeric_precision AS VARCHAR(20)), '-') || ' '
                   || coalesce(cast(numeric_scale AS VARCHAR(20)), '-') || ' ' || is_nullable
            FROM information_schema.columns
            WHERE lower(table_name) = ? AND table_schema = current_schema
            ORDER BY ordinal_position
            """)
        .param(table)
        .query(String.class)
        .list();
  }

  private List<String> primaryKey(String table) {
    return jdbc.sql(
            """
            SELECT lower(k.column_name) FROM information_schema.table_constraints c
            JOIN information_schema.key_column_usage k
              ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema
             AND k.table_name = c.table_name
            WHERE c.constraint_type = 'PRIMARY KEY' AND lower(c.table_name) = ?
              AND c.table_schema = current_schema
            ORDER BY k.ordinal_position
            """)
        .param(table)
        .query(String.class)
        .list();
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
