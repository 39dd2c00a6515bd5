package io.themisdb.engine;

import static io.themisdb.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexQuery;
import io.themisdb.engine.index.IndexSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

class EngineHostTest {
  @TempDir Path root;
  EngineHost host;

  @BeforeEach
  void start() {
    host = EngineHost.start(EngineFixture.settings(root).withMaxOpenDatabases(3));
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void openingAnOpenDatabaseReturnsTheSameHandle() {
    TenantDatabase created = host.create("t1");
    assertThat(host.open("t1")).isSameAs(created);
  }

  @Test
  void databasesOpenLazilyOnFirstUse() {
    host.create("t1").close();
    TenantDatabase db = host.open("t1");
    assertThat(host.openDatabases()).isZero();
    db.createCollection("c", CollectionType.DOCUMENT);
    assertThat(host.openDatabases()).isEqualTo(1);
  }

  @Test
  void leastRecentlyUsedDatabasesCloseBeyondTheLimitAndReopenTransparently() {
    for (int i = 0; i < 6; i++) {
      TenantDatabase db = host.create("t" + i);
      db.createCollection("c", CollectionType.DOCUMENT);
      db.insert("c", json("{\"_key\":\"k\"}").put("i", i));
      assertThat(host.openDatabases()).isLessThanOrEqualTo(3);
    }
    for (int i = 0; i < 6; i++) {
      assertThat(host.open("t" + i).get("c", "k").orElseThrow().get("i").intValue()).isEqualTo(i);
    }
    assertThat(host.openDatabases()).isEqualTo(3);
  }

  @Test
  void idleDatabasesAreClosedAndReopenOnUse() throws InterruptedException {
    host.close();
    host = EngineHost.start(EngineFixture.settings(root).withIdleTimeout(Duration.ofMillis(1)));
    TenantDatabase db = host.create("idle");
    db.createCollection("c", CollectionType.DOCUMENT);
    Thread.sleep(20);
    host.closeIdle();
    assertThat(host.openDatabases()).isZero();
    assertThat(db.collections()).hasSize(1);
  }

  @Test
  void useAfterCloseFailsClearly() {
    TenantDatabase db = host.create("t1");
    db.close();
    assertThatThrownBy(() -> db.createCollection("c", CollectionType.DOCUMENT))
        .isInstanceOf(DatabaseClosedException.class)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("t1");
    assertThat(host.open("t1")).isNotSameAs(db);
  }

  @Test
  void useAfterHostCloseFailsClearly() {
    TenantDatabase db = host.create("t1");
    host.close();
    assertThatThrownBy(() -> db.collections()).isInstanceOf(DatabaseClosedException.class);
    assertThatThrownBy(() -> host.open("t1")).isInstanceOf(DatabaseClosedException.class);
  }

  @Test
  void destroyedDatabaseIsGone() {
    TenantDatabase db = host.create("t1");
    db.createCollection("c", CollectionType.DOCUMENT);
    host.destroy("t1");
    assertThat(host.exists("t1")).isFalse();
    assertThat(Files.exists(root.resolve("t1"))).isFalse();
    assertThatThrownBy(db::collections).isInstanceOf(DatabaseClosedException.class);
    assertThatThrownBy(() -> host.open("t1")).isInstanceOf(UnknownDatabaseException.class);
    assertThat(host.create("t1").collections()).isEmpty();
  }

  @Test
  void creatingAnExistingDatabaseFails() {
    host.create("t1");
    assertThatThrownBy(() -> host.create("t1")).isInstanceOf(NameInUseException.class);
    assertThatThrownBy(() -> host.create("../etc")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void backupRestoresIntoANewDatabase() {
    TenantDatabase db = host.create("src");
    db.createCollection("c", CollectionType.DOCUMENT);
    db.createIndex("c", IndexSpec.of("byN", "n"), null);
    db.insert("c", json("{\"_key\":\"k\",\"n\":7}"));
    Path backup = root.resolve("backups").resolve("b1");
    host.backup("src", backup);
    db.insert("c", json("{\"_key\":\"after\",\"n\":8}"));

    TenantDatabase copy = host.restore(backup, "copy");

    assertThat(copy.exists("c", "k")).isTrue();
    assertThat(copy.exists("c", "after")).isFalse();
    assertThat(
            copy.lookup(
                "c", "byN", IndexQuery.equality(JsonNodeFactory.instance.numberNode(7)), false, 10))
        .extracting(h -> h.key())
        .containsExactly("k");
    copy.insert("c", json("{\"_key\":\"new\"}"));
    assertThat(db.exists("c", "new")).isFalse();
  }

  @Test
  void manyDatabasesShareOneMemoryBudget() {
    for (int i = 0; i < 24; i++) {
      TenantDatabase db = host.create("d" + i);
      db.createCollection("c", CollectionType.DOCUMENT);
      for (int k = 0; k < 20; k++) {
        db.insert("c", json("{}").put("v", "x".repeat(200)));
      }
    }
    for (int i = 0; i < 24; i++) {
      assertThat(host.open("d" + i).stats("c").documentCount()).isEqualTo(20);
    }
    assertThat(host.openDatabases()).isLessThanOrEqualTo(3);
    assertThat(host.cacheUsage()).isLessThanOrEqualTo(host.settings().memoryBudgetBytes());
  }

  private static final int OPS = 60;

  @Test
  void aDatabaseHeldByATransactionIsNotEvicted() {
    for (int i = 0; i < 6; i++) {
      host.create("h" + i).createCollection("c", CollectionType.DOCUMENT);
    }
    TenantDatabase first = host.open("h0");
    try (Transaction t = first.begin()) {
      for (int i = 1; i < 6; i++) {
        host.open("h" + i).insert("c", json("{}"));
      }
      t.insert("c", json("{\"_key\":\"late\"}"));
      t.commit();
    }
    assertThat(first.exists("c", "late")).isTrue();
    assertThat(host.openDatabases()).isLessThanOrEqualTo(3);
  }

  /** Leases of open databases bypass the host lock; eviction must never close one in use. */
  @Test
  void concurrentUseOfMoreDatabasesThanMayBeOpenStaysCorrect() throws Exception {
    int databases = 6;
    for (int i = 0; i < databases; i++) {
      TenantDatabase db = host.create("c" + i);
      db.createCollection("c", CollectionType.DOCUMENT);
      db.insert("c", json("{\"_key\":\"k\"}").put("i", i));
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> work = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        work.add(
            pool.submit(
                () -> {
                  java.util.Random random = new java.util.Random(seed);
                  for (int n = 0; n < OPS; n++) {
                    int i = random.nextInt(databases);
                    TenantDatabase db = host.open("c" + i);
                    assertThat(db.get("c", "k").orElseThrow().get("i").intValue()).isEqualTo(i);
                    db.insert("c", json("{}").put("t", seed));
                    assertThat(host.openDatabases()).isLessThanOrEqualTo(3 + 4);
                  }
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    long total = 0;
    for (int i = 0; i < databases; i++) {
      total += host.open("c" + i).stats("c").documentCount();
    }
    assertThat(total).isEqualTo(databases + 4 * OPS);
    assertThat(host.openDatabases()).isLessThanOrEqualTo(3);
  }
}
