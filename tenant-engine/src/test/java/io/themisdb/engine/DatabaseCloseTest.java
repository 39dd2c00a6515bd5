package io.themisdb.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.index.VectorOptions;
import io.themisdb.engine.spi.VectorMetric;
import io.themisdb.engine.vector.VectorData;
import io.themisdb.engine.vector.VectorHit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a database writes its vector snapshots outside the host lock (#8): before, a close that
 * wrote a large snapshot (LRU eviction, idle close, a handle's close) held the host's monitor, and
 * every other tenant's open and create waited for it. Opening a database's storage happens outside
 * the lock too (#3).
 */
class DatabaseCloseTest {
  static final float[] QUERY = {0.5f, 0.5f, 0.5f, 0.5f};

  @TempDir Path root;
  EngineHost host;
  final CountDownLatch release = new CountDownLatch(1);
  final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void start() {
    host = EngineHost.start(EngineFixture.settings(root));
  }

  @AfterEach
  void stop() {
    release.countDown();
    pool.shutdownNow();
    host.close();
  }

  static TenantDatabase withVectors(TenantDatabase db, int count) {
    db.createCollection("c", CollectionType.DOCUMENT);
    db.createIndex(
        "c", IndexSpec.vector("byV", "v", VectorOptions.of(4, VectorMetric.EUCLIDEAN)), null);
    for (int i = 0; i < count; i++) {
      db.insert("c", VectorData.document(i, new float[] {i, i % 7, i % 3, 1}));
    }
    return db;
  }

  @Test
  void aSlowSnapshotWriteBlocksNoOtherDatabaseAndAReopenWaitsForIt() throws Exception {
    TenantDatabase a = withVectors(host.create("a"), 60);
    assertThat(a.vectors().approximate("c", "byV", QUERY, 3, 0)).hasSize(3); // loads the graph
    a.insert("c", VectorData.document(1000, QUERY)); // after the graph's last catch-up
    host.create("b").close(); // exists, storage closed
    CountDownLatch writing = new CountDownLatch(1);
    host.beforeVectorSnapshots =
        name -> {
          if (name.equals("a")) {
            writing.countDown();
            awaitQuietly(release);
          }
        };

    Future<?> closing = pool.submit(a::close);
    assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
    // Another tenant's database opens, a new one is created, while "a" writes its snapshot.
    openAndCreateOthers();
    assertThat(closing).isNotDone();

    // Reopening "a" waits for its close instead of opening a second store on its directory.
    AtomicReference<Thread> reopener = new AtomicReference<>();
    AtomicBoolean released = new AtomicBoolean();
    Future<Boolean> reopened =
        pool.submit(
            () -> {
              reopener.set(Thread.currentThread());
              host.open("a").collections();
              return released.get();
            });
    while (!reopened.isDone() && !blocked(reopener.get())) {
      Thread.onSpinWait();
    }
    released.set(true);
    release.countDown();
    closing.get(30, TimeUnit.SECONDS);
    assertThat(reopened.get(30, TimeUnit.SECONDS)).as("reopened after the close").isTrue();

    TenantDatabase again = host.open("a");
    List<VectorHit> hits = again.vectors().approximate("c", "byV", QUERY, 3, 0);
    assertThat(hits.getFirst().key()).isEqualTo("d1000");
    assertThat(again.vectors().size("c", "byV")).isEqualTo(61);
    assertThat(again.vectors().stats("c", "byV").loadedFromSnapshot()).isTrue();
  }

  @Test // #3: RocksDB's recovery of one tenant's store held every other tenant's open
  void otherDatabasesOpenWhileOnesStorageOpensAndUsesOfItWaitForThatOpen() throws Exception {
    host.create("a").createCollection("c", CollectionType.DOCUMENT);
    host.open("a").close(); // storage closed
    host.create("b").close();
    CountDownLatch opening = holdStoreOpens("a");

    Future<List<String>> first = pool.submit(() -> names(host.open("a")));
    assertThat(opening.await(30, TimeUnit.SECONDS)).isTrue();
    openAndCreateOthers();
    assertThat(first).isNotDone();

    // Another use of "a" waits for that open instead of opening a second store on its directory.
    AtomicReference<Thread> user = new AtomicReference<>();
    Future<List<String>> second =
        pool.submit(
            () -> {
              user.set(Thread.currentThread());
              return names(host.open("a"));
            });
    while (!second.isDone() && !blocked(user.get())) {
      Thread.onSpinWait();
    }
    assertThat(second).isNotDone();
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).containsExactly("c");
    assertThat(second.get(30, TimeUnit.SECONDS)).containsExactly("c");
    assertThat(host.openDatabases()).isEqualTo(3);
  }

  @Test
  void closingTheHostWhileAStoreOpensClosesThatStoreAndFailsItsUse() throws Exception {
    host.create("a").close();
    closeHostWhileHeld("a", () -> names(host.open("a")));
  }

  @Test
  void closingTheHostWhileACreateOpensItsStoreRemovesTheNewDatabase() throws Exception {
    closeHostWhileHeld("fresh", () -> host.create("fresh"));
    assertThat(root.resolve("fresh")).doesNotExist();
  }

  /**
   * Holds the store open of {@code name} that {@code use} starts, closes the host meanwhile (the
   * close waits for that open), then releases it: {@code use} fails as the host is closed.
   */
  private void closeHostWhileHeld(String name, Callable<?> use) throws Exception {
    CountDownLatch opening = holdStoreOpens(name);
    Future<?> using = pool.submit(use);
    assertThat(opening.await(30, TimeUnit.SECONDS)).isTrue();

    AtomicReference<Thread> closer = new AtomicReference<>();
    Future<?> closing =
        pool.submit(
            () -> {
              closer.set(Thread.currentThread());
              host.close();
            });
    while (!closing.isDone() && !blocked(closer.get())) {
      Thread.onSpinWait();
    }
    assertThat(closing).as("the close waits for the open").isNotDone();
    release.countDown();
    closing.get(30, TimeUnit.SECONDS);
    assertThatThrownBy(() -> using.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(DatabaseClosedException.class);
  }

  @Test // #3: a create opened its new store, a restore copied the backup, under the host lock
  void createAndRestoreWorkOutsideTheHostLockAndHoldTheirNamesMeanwhile() throws Exception {
    host.create("src").createCollection("c", CollectionType.DOCUMENT);
    Path backup = root.resolve("backups").resolve("b1");
    host.backup("src", backup);
    CountDownLatch started = holdStoreOpens("copy", "fresh");

    Future<TenantDatabase> restore = pool.submit(() -> host.restore(backup, "copy"));
    Future<TenantDatabase> create = pool.submit(() -> host.create("fresh"));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    pool.submit(() -> host.create("other").createCollection("y", CollectionType.DOCUMENT))
        .get(30, TimeUnit.SECONDS);
    assertThatThrownBy(() -> host.create("copy")).isInstanceOf(NameInUseException.class);
    assertThatThrownBy(() -> host.create("fresh")).isInstanceOf(NameInUseException.class);
    release.countDown();
    assertThat(names(restore.get(30, TimeUnit.SECONDS))).containsExactly("c");
    assertThat(names(create.get(30, TimeUnit.SECONDS))).isEmpty();
  }

  @Test // a create whose new store is the only one the limit can push out
  void aNewDatabaseEvictedByItsOwnCreateClosesCleanlyAndReopens() throws Exception {
    host.close();
    host = EngineHost.start(EngineFixture.settings(root).withMaxOpenDatabases(1));
    TenantDatabase a = host.create("a");
    try (Transaction held = a.begin()) { // "a" cannot be evicted meanwhile
      TenantDatabase b = host.create("b");
      assertThat(host.openDatabases()).isEqualTo(1); // "b" went at once
      b.createCollection("c", CollectionType.DOCUMENT);
      held.commit();
    }
    assertThat(names(host.open("b"))).containsExactly("c");
  }

  @Test // a failure closing another tenant's database failed the open, and left its store open
  void aCloseThatFailsWhileEvictingFailsNeitherTheOpenNorALaterReopen() {
    host.close();
    host = EngineHost.start(EngineFixture.settings(root).withMaxOpenDatabases(1));
    TenantDatabase a = host.create("a");
    a.createCollection("c", CollectionType.DOCUMENT);
    a.insert("c", EngineFixture.json("{\"_key\": \"k1\"}"));
    host.create("b").createCollection("c", CollectionType.DOCUMENT); // evicts "a"
    assertThat(a.get("c", "k1")).isPresent(); // reopens "a", evicts "b"
    host.beforeVectorSnapshots =
        name -> {
          if (name.equals("a")) {
            throw new UncheckedIOException(new IOException("disk full, say"));
          }
        };

    // "b" opens and evicts "a", whose close fails: that is not "b"'s failure.
    TenantDatabase b = host.open("b");
    b.insert("c", EngineFixture.json("{\"_key\": \"k2\"}"));
    assertThat(host.openDatabases()).isEqualTo(1);

    // "a" closed its storage anyway, so it reopens; "b" holds no lease, so it is evicted.
    host.beforeVectorSnapshots = name -> {};
    assertThat(a.get("c", "k1")).isPresent();
    assertThat(host.openDatabases()).isEqualTo(1);
    assertThat(b.get("c", "k2")).isPresent();
  }

  @Test // one database's failed close left the others and the shared resources open
  void aHostCloseClosesEveryDatabaseWhenOneFailsToClose() {
    for (String name : List.of("a", "b", "c")) {
      host.create(name).createCollection("c", CollectionType.DOCUMENT);
    }
    host.beforeVectorSnapshots =
        name -> {
          if (name.equals("a") || name.equals("b")) {
            throw new UncheckedIOException(new IOException("disk full, say"));
          }
        };
    assertThatThrownBy(host::close).hasRootCauseMessage("disk full, say");

    host = EngineHost.start(EngineFixture.settings(root)); // each directory's lock was released
    for (String name : List.of("a", "b", "c")) {
      assertThat(names(host.open(name))).containsExactly("c");
    }
  }

  @Test
  void aFailedRestoreLeavesItsNameFree() {
    Path backup = root.resolve("backups").resolve("b1");
    host.create("src").createCollection("c", CollectionType.DOCUMENT);
    host.backup("src", backup);
    host.beforeStoreOpen =
        name -> {
          throw new IllegalStateException("disk full, say");
        };
    assertThatThrownBy(() -> host.restore(backup, "copy"))
        .isInstanceOf(IllegalStateException.class);

    host.beforeStoreOpen = name -> {};
    assertThatThrownBy(() -> host.open("copy")).isInstanceOf(UnknownDatabaseException.class);
    assertThat(names(host.restore(backup, "copy"))).containsExactly("c");
  }

  @Test
  void aRestoreWhoseCopyFailsRemovesWhatItWrote() throws Exception {
    Path backup = root.resolve("backups").resolve("b1");
    host.create("src").createCollection("c", CollectionType.DOCUMENT);
    host.backup("src", backup);
    // Something in the way of the copy: its first step, the directory itself, fails.
    host.beforeStoreOpen =
        name -> {
          try {
            Files.createDirectories(root.resolve(name));
            Files.writeString(root.resolve(name).resolve("in-the-way"), "x");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    assertThatThrownBy(() -> host.restore(backup, "copy"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot restore");

    assertThat(root.resolve("copy")).doesNotExist();
    host.beforeStoreOpen = name -> {};
    assertThat(names(host.restore(backup, "copy"))).containsExactly("c");
  }

  /** Opens database "b" and creates "new", from another thread, within 30 seconds. */
  private void openAndCreateOthers() throws Exception {
    pool.submit(
            () -> {
              host.open("b").createCollection("x", CollectionType.DOCUMENT);
              host.create("new").createCollection("y", CollectionType.DOCUMENT);
            })
        .get(30, TimeUnit.SECONDS);
  }

  /**
   * Makes store opens, creates and restores of {@code names} wait for {@link #release}; the latch
   * returned counts them as they start waiting.
   */
  private CountDownLatch holdStoreOpens(String... names) {
    CountDownLatch started = new CountDownLatch(names.length);
    java.util.Set<String> held = java.util.Set.of(names);
    host.beforeStoreOpen =
        name -> {
          if (held.contains(name)) {
            started.countDown();
            awaitQuietly(release);
          }
        };
    return started;
  }

  private static List<String> names(TenantDatabase db) {
    return db.collections().stream().map(c -> c.name()).toList();
  }

  private static boolean blocked(Thread t) {
    return t != null
        && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.BLOCKED);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
