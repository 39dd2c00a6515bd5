package io.themisdb.engine;

import static io.themisdb.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.catalog.CollectionType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionsTest {
  @TempDir Path root;
  EngineHost host;
  TenantDatabase db;

  @BeforeEach
  void start() {
    host = EngineHost.start(EngineFixture.settings(root));
    db = host.create("acme");
    db.createCollection("accounts", CollectionType.DOCUMENT);
    db.createCollection("audit", CollectionType.DOCUMENT);
    db.insert("accounts", json("{\"_key\":\"a\",\"balance\":100}"));
  }

  // Not the common pool: with 2 cores it runs one task at a time.
  final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
    host.close();
  }

  @Test
  void transactionReadsItsOwnWritesAndOthersSeeThemOnlyAfterCommit() {
    try (Transaction t = db.begin()) {
      t.insert("accounts", json("{\"_key\":\"b\",\"balance\":5}"));
      t.update("accounts", "a", json("{\"balance\":95}"));
      t.insert("audit", json("{\"what\":\"transfer\"}"));

      assertThat(t.get("accounts", "b")).isPresent();
      assertThat(t.get("accounts", "a").orElseThrow().get("balance").intValue()).isEqualTo(95);
      assertThat(t.scan("accounts", null, 10).documents()).hasSize(2);
      assertThat(db.exists("accounts", "b")).isFalse();
      assertThat(db.get("accounts", "a").orElseThrow().get("balance").intValue()).isEqualTo(100);
      t.commit();
    }
    assertThat(db.exists("accounts", "b")).isTrue();
    assertThat(db.scan("audit", null, 10).documents()).hasSize(1);
  }

  @Test
  void abortedTransactionLeavesNoTrace() {
    long before = db.lastSequence();
    try (Transaction t = db.begin()) {
      t.insert("accounts", json("{\"_key\":\"b\"}"));
      t.remove("accounts", "a");
      t.abort();
    }
    assertThat(db.exists("accounts", "b")).isFalse();
    assertThat(db.exists("accounts", "a")).isTrue();
    assertThat(db.lastSequence()).isEqualTo(before);
  }

  @Test
  void unfinishedTransactionIsAbortedOnClose() {
    try (Transaction t = db.begin()) {
      t.insert("accounts", json("{\"_key\":\"b\"}"));
    }
    assertThat(db.exists("accounts", "b")).isFalse();
  }

  @Test
  void snapshotReadsIgnoreLaterCommits() {
    try (Transaction t = db.begin()) {
      db.update("accounts", "a", json("{\"balance\":1}"));
      db.insert("accounts", json("{\"_key\":\"late\"}"));

      assertThat(t.get("accounts", "a").orElseThrow().get("balance").intValue()).isEqualTo(100);
      assertThat(t.exists("accounts", "late")).isFalse();
      assertThat(t.scan("accounts", null, 10).documents()).hasSize(1);
    }
  }

  @Test
  void writingADocumentChangedAfterTheSnapshotAbortsWithRetryableConflict() {
    Transaction t = db.begin();
    db.update("accounts", "a", json("{\"balance\":1}"));

    assertThatThrownBy(() -> t.update("accounts", "a", json("{\"balance\":2}")))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((EngineException) e).retryable()).isTrue());
    assertThatThrownBy(t::commit).isInstanceOf(IllegalStateException.class);
    assertThat(db.get("accounts", "a").orElseThrow().get("balance").intValue()).isEqualTo(1);
  }

  @Test
  void conflictingWriteAbortsWithRetryableError() throws Exception {
    // Two threads update the same document in transactions: one commits, the other gets a
    // ConflictException, and the committed increment is never lost.
    CountDownLatch bothRead = new CountDownLatch(2);
    CountDownLatch firstWrote = new CountDownLatch(1);
    AtomicInteger conflicts = new AtomicInteger();
    List<CompletableFuture<Boolean>> workers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      boolean first = w == 0;
      workers.add(
          CompletableFuture.supplyAsync(
              () -> {
                try (Transaction t = db.begin()) {
                  int balance = t.get("accounts", "a").orElseThrow().get("balance").intValue();
                  bothRead.countDown();
                  await(bothRead);
                  if (!first) {
                    await(firstWrote);
                  }
                  try {
                    t.update("accounts", "a", json("{}").put("balance", balance + 10));
                    if (first) {
                      firstWrote.countDown();
                      Thread.sleep(50);
                    }
                    t.commit();
                    return true;
                  } catch (ConflictException e) {
                    conflicts.incrementAndGet();
                    return false;
                  } finally {
                    firstWrote.countDown();
                  }
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              },
              pool));
    }
    List<Boolean> committed = new ArrayList<>();
    for (CompletableFuture<Boolean> f : workers) {
      committed.add(f.get(30, TimeUnit.SECONDS));
    }
    assertThat(committed).containsExactlyInAnyOrder(true, false);
    assertThat(conflicts).hasValue(1);
    assertThat(db.get("accounts", "a").orElseThrow().get("balance").intValue()).isEqualTo(110);
  }

  @Test
  void concurrentIncrementsWithRetriesLoseNoUpdate() throws Exception {
    int threads = 4;
    int increments = 25;
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      workers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < increments; i++) {
                  while (true) {
                    try (Transaction t = db.begin()) {
                      int balance = t.get("accounts", "a").orElseThrow().get("balance").intValue();
                      t.update("accounts", "a", json("{}").put("balance", balance + 1));
                      t.commit();
                      break;
                    } catch (ConflictException e) {
                      // retry, as the error invites
                    }
                  }
                }
              },
              pool));
    }
    for (CompletableFuture<Void> f : workers) {
      f.get(60, TimeUnit.SECONDS);
    }
    assertThat(db.get("accounts", "a").orElseThrow().get("balance").intValue())
        .isEqualTo(100 + threads * increments);
  }

  @Test
  void transactionPastItsTimeoutIsAborted() throws Exception {
    Transaction t = db.begin(TransactionOptions.DEFAULT.withTimeout(Duration.ofMillis(50)));
    t.insert("accounts", json("{\"_key\":\"b\"}"));
    Thread.sleep(120);
    assertThatThrownBy(() -> t.insert("accounts", json("{\"_key\":\"c\"}")))
        .isInstanceOf(TransactionTimeoutException.class);
    assertThat(db.exists("accounts", "b")).isFalse();
  }

  @Test
  void failedOperationLeavesTheTransactionUsable() {
    try (Transaction t = db.begin()) {
      assertThatThrownBy(() -> t.insert("accounts", json("{\"_key\":\"a\"}")))
          .isInstanceOf(DuplicateKeyException.class);
      t.insert("accounts", json("{\"_key\":\"b\"}"));
      t.commit();
    }
    assertThat(db.exists("accounts", "b")).isTrue();
  }

  @Test
  void syncDurabilityWritesAreReadableAfterReopen() {
    db.insert("accounts", json("{\"_key\":\"s\"}"), WriteOptions.DEFAULT.synced());
    try (Transaction t = db.begin(TransactionOptions.DEFAULT.synced())) {
      t.insert("accounts", json("{\"_key\":\"t\"}"));
      t.commit();
    }
    host.close();
    host = EngineHost.start(EngineFixture.settings(root));
    TenantDatabase reopened = host.open("acme");
    assertThat(reopened.exists("accounts", "s") && reopened.exists("accounts", "t")).isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch timed out");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
