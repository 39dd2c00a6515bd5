package io.themisdb.engine;

import static io.themisdb.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.catalog.CollectionType;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Density (issue #3): a thousand tenant databases created and used through one host with a small
 * fixed memory budget and few open databases at a time. The host must stay within both limits,
 * closing the least recently used databases and reopening them transparently with their data.
 *
 * <p>Each open of a RocksDB TransactionDB costs several milliseconds of CPU on this machine (it
 * writes and verifies an options file, a manifest and a WAL, and flushes the recovered WAL), so
 * this test does 1,250 opens and runs for tens of seconds; Store's options keep opens cheap.
 */
class DensityTest {
  private static final int DATABASES = 1000;
  private static final int DOCUMENTS = 3;
  private static final int MAX_OPEN = 16;
  private static final long BUDGET = 32L << 20;
  private static final int REOPEN_EVERY = 4;

  @TempDir Path root;

  private int maxOpenSeen;
  private long maxCacheSeen;

  @Test
  void aThousandDatabasesShareOneBudgetAndReopenTransparently() {
    EngineSettings settings =
        EngineFixture.settings(root)
            .withMemoryBudget(BUDGET)
            .withMaxOpenDatabases(MAX_OPEN)
            .withIdleTimeout(Duration.ZERO)
            .withTtlSweepInterval(Duration.ZERO);
    try (EngineHost host = EngineHost.start(settings)) {
      TenantDatabase[] handles = new TenantDatabase[DATABASES];
      for (int i = 0; i < DATABASES; i++) {
        TenantDatabase db = host.create(name(i));
        handles[i] = db;
        db.createCollection("c", CollectionType.DOCUMENT);
        for (int k = 0; k < DOCUMENTS; k++) {
          db.insert(
              "c", json("{}").put("_key", "k" + k).put("tenant", i).put("v", "x".repeat(100)));
          observe(host);
        }
        assertThat(db.get("c", "k0").orElseThrow().get("tenant").intValue()).isEqualTo(i);
      }
      // Only MAX_OPEN databases are open now, the first ones long closed: every read below
      // reopens its database, through the handle the test got at creation. A sample, since each
      // reopen also flushes the recovered WAL (TransactionDB always recovers that way).
      assertThat(host.openDatabases()).isLessThanOrEqualTo(MAX_OPEN);
      for (int i = 0; i < DATABASES; i += REOPEN_EVERY) {
        TenantDatabase db = handles[i];
        assertThat(host.open(name(i))).isSameAs(db);
        for (int k = 0; k < DOCUMENTS; k++) {
          assertThat(db.get("c", "k" + k).orElseThrow().get("tenant").intValue()).isEqualTo(i);
        }
        db.insert("c", json("{}").put("_key", "again"));
        observe(host);
      }
      assertThat(maxOpenSeen).isLessThanOrEqualTo(MAX_OPEN);
      assertThat(maxCacheSeen).isPositive().isLessThanOrEqualTo(BUDGET);
      assertThat(host.open(name(0)).stats("c").documentCount()).isEqualTo(DOCUMENTS + 1);
    }
  }

  private void observe(EngineHost host) {
    maxOpenSeen = Math.max(maxOpenSeen, host.openDatabases());
    maxCacheSeen = Math.max(maxCacheSeen, host.cacheUsage());
  }

  private static String name(int i) {
    return String.format("tenant-%04d", i);
  }
}
