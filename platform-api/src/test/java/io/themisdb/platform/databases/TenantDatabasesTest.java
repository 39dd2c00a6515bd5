package io.themisdb.platform.databases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.Tenant;
import io.themisdb.platform.tenancy.TenantStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry of tenant databases on a real engine on disk. */
class TenantDatabasesTest {

  @TempDir Path dir;
  private EngineHost host;
  private TenantDatabases databases;
  private final Tenant tenant = tenant(TenantStatus.ACTIVE);

  @BeforeEach
  void start() {
    host = EngineHost.start(EngineSettings.defaults(dir).withMemoryBudget(16L << 20));
    databases = new TenantDatabases(host);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void aDatabaseNameLeadsBackToItsTenant() {
    assertThat(TenantDatabases.tenantOf(TenantDatabases.name(tenant.id()))).hasValue(tenant.id());
    assertThat(TenantDatabases.tenantOf("themis-internal")).isEmpty();
    assertThat(TenantDatabases.tenantOf(tenant.id().toString().toUpperCase())).isEmpty();
  }

  @Test
  void missingDatabaseIsMadeOnFirstUse() {
    assertThat(databases.exists(tenant.id())).isFalse();

    databases.of(tenant).createCollection("c", CollectionType.DOCUMENT);

    assertThat(databases.exists(tenant.id())).isTrue();
    assertThat(dir.resolve(tenant.id().toString())).isDirectory();
  }

  @Test
  void provisioningTwiceKeepsTheData() {
    databases.provision(tenant.id());
    databases.of(tenant).createCollection("c", CollectionType.DOCUMENT);

    databases.provision(tenant.id());

    assertThat(databases.of(tenant).collections()).hasSize(1);
  }

  @Test
  void deletedTenantNeverGetsADatabase() {
    Tenant deleted = tenant(TenantStatus.DELETED);

    assertThatThrownBy(() -> databases.of(deleted)).isInstanceOf(IllegalStateException.class);
    assertThat(databases.exists(deleted.id())).isFalse();
  }

  @Test
  void databaseHeldExclusivelyAnswersUnavailableAndIsDestroyable() {
    databases.of(tenant).createCollection("c", CollectionType.DOCUMENT);

    databases.exclusively(
        tenant.id(),
        name -> {
          assertThatThrownBy(() -> databases.of(tenant))
              .isInstanceOfSatisfying(
                  ProblemException.class,
                  e -> assertThat(e.type()).isEqualTo(ProblemType.DATABASE_UNAVAILABLE));
          databases.destroyWhenUnused(name);
        });

    assertThat(databases.exists(tenant.id())).isFalse();
    assertThat(databases.of(tenant).collections()).as("made afresh, empty").isEmpty();
  }

  private static Tenant tenant(TenantStatus status) {
    return new Tenant(UUID.randomUUID(), "t", "T", status, "free", Instant.now());
  }
}
