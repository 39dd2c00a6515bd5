package io.themisdb.platform.databases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.Tenant;
import io.themisdb.platform.tenancy.TenantStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Explicit transactions held across requests, on a real engine on disk. */
class OpenTransactionsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  private EngineHost host;
  private TenantDatabases databases;
  private OpenTransactions transactions;
  private final Tenant tenant = tenant();
  private final Tenant other = tenant();

  @BeforeEach
  void start() {
    DatabaseSettings settings =
        new DatabaseSettings(
            dir.resolve("engine"),
            dir.resolve("backups"),
            DataSize.ofMegabytes(16),
            1,
            8,
            Duration.ofMinutes(5),
            DataSize.ofMegabytes(1),
            Duration.ofMillis(200),
            Duration.ofMinutes(1),
            Duration.ofMillis(100),
            2,
            3,
            Duration.ofMinutes(1),
            DataSize.ofMegabytes(16),
            null);
    host = EngineHost.start(settings.engine());
    databases = new TenantDatabases(host);
    transactions = new OpenTransactions(databases, settings);
    databases.of(tenant).createCollection("c", CollectionType.DOCUMENT);
  }

  @AfterEach
  void stop() {
    transactions.close();
    host.close();
  }

  @Test
  void idleTransactionIsAbortedAndItsWritesDiscarded() throws Exception {
    String id = transactions.begin(tenant, null).id();
    transactions.use(tenant.id(), id, tx -> tx.insert("c", doc("k")));

    Thread.sleep(300); // past the 100 ms idle timeout
    transactions.sweep();

    assertNotFound(() -> transactions.use(tenant.id(), id, tx -> tx.get("c", "k")));
    assertThat(databases.of(tenant).get("c", "k")).isEmpty();
    assertThat(transactions.openCount(tenant.id())).isZero();
  }

  @Test
  void anotherTenantsTransactionIdIsNotFound() {
    String id = transactions.begin(tenant, null).id();

    assertNotFound(() -> transactions.use(other.id(), id, tx -> tx.insert("c", doc("x"))));
    assertNotFound(() -> transactions.commit(other.id(), id));
    assertNotFound(() -> transactions.abort(other.id(), id));
    assertThat(transactions.openCount(tenant.id())).isEqualTo(1);
  }

  @Test
  void tenantMayHoldOnlyTheConfiguredNumberOfOpenTransactions() {
    transactions.begin(tenant, null);
    transactions.begin(tenant, null);

    assertThatThrownBy(() -> transactions.begin(tenant, null))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.CONFLICT));
    assertThat(transactions.begin(other, null).id()).isNotBlank();
  }

  @Test
  void abortAllEndsEveryTransactionOfTheTenantOnly() {
    String mine = transactions.begin(tenant, null).id();
    String theirs = transactions.begin(other, null).id();

    transactions.abortAll(tenant.id());

    assertNotFound(() -> transactions.describe(tenant.id(), mine));
    assertThat(transactions.describe(other.id(), theirs).id()).isEqualTo(theirs);
  }

  private static void assertNotFound(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.type()).isEqualTo(ProblemType.TRANSACTION_NOT_FOUND));
  }

  private static ObjectNode doc(String key) {
    return JSON.createObjectNode().put("_key", key);
  }

  private static Tenant tenant() {
    return new Tenant(UUID.randomUUID(), "t", "T", TenantStatus.ACTIVE, "free", Instant.now());
  }
}
