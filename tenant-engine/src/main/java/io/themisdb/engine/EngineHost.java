package io.themisdb.engine;

import io.themisdb.engine.graph.GraphMemory;
import io.themisdb.engine.spi.EngineExtensions;
import io.themisdb.engine.storage.StorageResources;
import io.themisdb.engine.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one engine of a process: owns the RocksDB resources every tenant database shares (block
 * cache, write buffer manager, background threads) and hands out {@link TenantDatabase} handles.
 * Databases open lazily on first use; beyond {@link EngineSettings#maxOpenDatabases()}, or after
 * {@link EngineSettings#idleTimeout()} unused, the least recently used ones are closed and reopen
 * transparently on their next use. Thread-safe.
 *
 * <p>The host also removes expired documents of TTL indexes ({@link #sweepExpired}), every {@link
 * EngineSettings#ttlSweepInterval()} in the background. A sweep visits the open databases with a
 * TTL index, and of the closed ones only those where a document is due: each database records its
 * earliest expiry when it closes, so idle tenants are not opened every interval. Until a sweep
 * removes it, an expired document is still visible to reads, lookups and scans.
 *
 * <p>Opening a database's storage (RocksDB recovery, catalog, vector snapshots) and closing it
 * (which writes its vector indexes' snapshots, seconds for a large index) happen outside the host's
 * lock, so that other tenants open and create databases meanwhile. The database is marked in
 * transition until its store is open or closed, and a use of that name (or its destruction) waits
 * for that transition only: one directory never has two stores.
 *
 * <p>Close order: handles, then open databases, then the shared resources.
 */
public final class EngineHost implements AutoCloseable {

  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private final EngineSettings settings;
  private final EngineExtensions extensions;
  private final StorageResources resources;
  private final GraphMemory graphMemory;
  private final VectorMemory vectorMemory;
  private final Map<String, TenantDatabase> handles = new HashMap<>();

  /** Open databases in access order: the first is the least recently used. */
  private final LinkedHashMap<String, OpenDatabase> open = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * Databases whose storage is being opened, or closed after they left {@link #open}, outside the
   * host lock, by name; the future completes once that is done. Guarded by this.
   */
  private final Map<String, CompletableFuture<Void>> transitions = new HashMap<>();

  /**
   * Test hook: runs with a closing database's name right before its vector snapshots are written,
   * outside the host lock.
   */
  volatile Consumer<String> beforeVectorSnapshots = name -> {};

  /**
   * Test hook: runs with a database's name right before its storage opens or a backup is copied
   * into place, outside the host lock.
   */
  volatile Consumer<String> beforeStoreOpen = name -> {};

  private final ExpiryCalendar calendar;
  private final ScheduledExecutorService sweeper;
  private boolean closed;

  private EngineHost(EngineSettings settings, EngineExtensions extensions) {
    this.settings = settings;
    this.extensions = extensions;
    try {
      Files.createDirectories(settings.root());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.resources =
        new StorageResources(
            settings.memoryBudgetBytes(),
            (long) (settings.memoryBudgetBytes() * settings.writeBufferShare()),
            settings.backgroundThreads());
    this.graphMemory = new GraphMemory(settings.graphCacheBytes());
    this.vectorMemory = new VectorMemory(settings.vectorMemoryBytes());
    this.calendar = new ExpiryCalendar(settings.root());
    boolean idle = settings.idleTimeout().isPositive();
    boolean ttl = settings.ttlSweepInterval().isPositive();
    if (idle || ttl) {
      sweeper =
          Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().daemon().name("themis-housekeeping").unstarted(r));
    } else {
      sweeper = null;
    }
    if (idle) {
      long period = Math.max(1, settings.idleTimeout().toMillis() / 2);
      sweeper.scheduleWithFixedDelay(
          () -> logFailure("closing idle databases", this::closeIdle),
          period,
          period,
          TimeUnit.MILLISECONDS);
    }
    if (ttl) {
      long period = Math.max(1, settings.ttlSweepInterval().toMillis());
      sweeper.scheduleWithFixedDelay(
          () -> logFailure("removing expired documents", () -> sweepExpired(Instant.now())),
          period,
          period,
          TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Runs housekeeping whose failure is nobody's caller's: a failing scheduled run must not cancel
   * the schedule (a thrown exception would), nor a failing eviction the open that caused it.
   */
  private static void logFailure(String what, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      System.getLogger(EngineHost.class.getName())
          .log(System.Logger.Level.WARNING, "housekeeping failed while " + what, e);
    }
  }

  /** A host on the engine's own CPU implementations of every extension. */
  public static EngineHost start(EngineSettings settings) {
    return start(settings, EngineExtensions.defaults());
  }

  public static EngineHost start(EngineSettings settings, EngineExtensions extensions) {
    return new EngineHost(settings, Objects.requireNonNull(extensions, "extensions"));
  }

  public EngineSettings settings() {
    return settings;
  }

  /** The outside services (accelerator, ...) this host's databases use. */
  public EngineExtensions extensions() {
    return extensions;
  }

  /** Heap the in-memory adjacency of edge collections takes now, all databases together. */
  public long graphCacheBytes() {
    return graphMemory.used();
  }

  /**
   * Creates a new, empty database; fails with {@link NameInUseException} if it exists. Its storage
   * is created outside the host lock, holding the name meanwhile.
   */
  public TenantDatabase create(String name) {
    Path dir = directory(name);
    synchronized (this) {
      checkOpen();
      requireFree(name, dir);
      transitions.put(name, new CompletableFuture<>());
    }
    List<OpenDatabase> evicted = new ArrayList<>();
    try {
      // Keep the new store open: a new tenant is used right away, and an open costs about as
      // much as the rest of a small tenant's first requests together (issue #3, density).
      return openInTransition(
          name,
          () -> Store.destroy(dir), // nothing half-created stays behind
          db -> {
            open.put(name, db);
            evictBeyondLimit(evicted);
            return open(name);
          });
    } finally {
      // Whatever happened after the eviction, the databases it retired must finish closing, or
      // opens of their names would wait for good.
      closeEvicted(evicted);
    }
  }

  /**
   * The handle of an existing database; the same handle while it is not closed. Opens storage
   * lazily, on the first operation.
   */
  public synchronized TenantDatabase open(String name) {
    checkOpen();
    TenantDatabase handle = handles.get(name);
    if (handle != null) {
      return handle;
    }
    if (!Files.isDirectory(directory(name))) {
      throw new UnknownDatabaseException("database '" + name + "' does not exist");
    }
    handle = new TenantDatabase(this, name);
    handles.put(name, handle);
    return handle;
  }

  public synchronized boolean exists(String name) {
    checkOpen();
    return Files.isDirectory(directory(name));
  }

  /** Deletes the database and its files; its handle is closed. Fails while it is in use. */
  public void destroy(String name) {
    Path dir = directory(name);
    whenSettled(
        name,
        () -> {
          checkOpen();
          if (!Files.isDirectory(dir)) {
            throw new UnknownDatabaseException("database '" + name + "' does not exist");
          }
          OpenDatabase db = open.get(name);
          if (db != null && !db.tryClose()) {
            throw new IllegalStateException(
                "database '" + name + "' is in use by a running transaction");
          }
          TenantDatabase handle = handles.remove(name);
          if (handle != null) {
            handle.markClosed();
          }
          if (db != null) {
            open.remove(name);
            db.closeStorage(); // no snapshots: the files are deleted
          }
          calendar.destroyed(name);
          Store.destroy(dir);
          return null;
        });
  }

  /** Writes a consistent online copy of the database to {@code target} (must not exist). */
  public void backup(String name, Path target) {
    TenantDatabase handle = open(name);
    OpenDatabase db = acquire(handle);
    try {
      db.store.checkpoint(target);
    } finally {
      release(db);
    }
  }

  /**
   * Creates database {@code name} from a backup made by {@link #backup}. The files are copied
   * outside the host lock (uses of the name wait); a copy that fails is removed.
   */
  public TenantDatabase restore(Path backup, String name) {
    Path dir = directory(name);
    synchronized (this) {
      checkOpen();
      requireFree(name, dir);
      transitions.put(name, new CompletableFuture<>());
    }
    try {
      beforeStoreOpen.accept(name);
      copyBackup(backup, dir);
    } catch (RuntimeException e) {
      Store.destroy(dir); // nothing half-restored stays behind
      throw e;
    } finally {
      endTransition(name);
    }
    return open(name);
  }

  private static void copyBackup(Path backup, Path dir) {
    try (Stream<Path> files = Files.walk(backup)) {
      for (Path source : files.toList()) {
        Files.copy(source, dir.resolve(backup.relativize(source).toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore " + backup + " into " + dir, e);
    }
  }

  /** Refuses a name that exists or is in transition (being created or restored, say). */
  private void requireFree(String name, Path dir) {
    assert Thread.holdsLock(this);
    if (Files.exists(dir) || transitions.containsKey(name)) {
      throw new NameInUseException("database '" + name + "' exists already");
    }
  }

  /** How many databases have their storage open now. */
  public synchronized int openDatabases() {
    return open.size();
  }

  /** Bytes used in the shared cache (blocks and memtable reservations). */
  public long cacheUsage() {
    return resources.cacheUsage();
  }

  /**
   * An estimate of the heap the vector indexes of the open databases hold (their graphs live only
   * while a database is open; see {@link Vectors#stats}), which {@link
   * EngineSettings#vectorMemoryBytes()} bounds. Not part of {@link
   * EngineSettings#memoryBudgetBytes()}, which RocksDB's cache and write buffers share.
   */
  public synchronized long vectorIndexBytes() {
    long bytes = 0;
    for (OpenDatabase db : open.values()) {
      bytes += Vectors.heapBytes(db);
    }
    return bytes;
  }

  /**
   * An index of {@code user} loaded or grew: lets go of other databases' vector indexes, least
   * recently used first, while all of them together exceed the budget ({@link VectorMemory#fit}).
   * Their snapshots are written outside the host lock.
   */
  void fitVectorIndexes(OpenDatabase user) {
    List<OpenDatabase> databases;
    synchronized (this) {
      databases = new ArrayList<>(open.values());
    }
    vectorMemory.fit(databases, user);
  }

  /** Closes the storage of databases unused for longer than the idle timeout; returns how many. */
  public int closeIdle() {
    List<OpenDatabase> idle = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return 0;
      }
      long limit = System.nanoTime() - settings.idleTimeout().toNanos();
      for (Iterator<OpenDatabase> it = open.values().iterator(); it.hasNext(); ) {
        OpenDatabase db = it.next();
        if (db.lastUsedNanos - limit <= 0 && db.tryClose()) {
          it.remove();
          idle.add(retire(db));
        }
      }
    }
    closeRetired(idle);
    return idle.size();
  }

  /**
   * A lease on the handle's open database, opening it if needed. The common case, a database that
   * is open, takes no host-wide lock: with it, two threads reading one database ran slower than one
   * (issue #3 benchmark).
   */
  OpenDatabase acquire(TenantDatabase handle) {
    OpenDatabase db = handle.current;
    if (db != null && db.tryLease()) {
      return db;
    }
    return acquireOpening(handle);
  }

  private OpenDatabase acquireOpening(TenantDatabase handle) {
    String name = handle.name();
    List<OpenDatabase> evicted = new ArrayList<>();
    try {
      OpenDatabase current =
          whenSettled(
              name,
              () -> {
                checkOpen();
                handle.checkNotClosed();
                OpenDatabase db = open.get(name);
                if (db != null && db.tryLease()) {
                  handle.current = db;
                  return db;
                }
                if (!Files.isDirectory(directory(name))) { // a restore that failed, say
                  throw new UnknownDatabaseException("database '" + name + "' does not exist");
                }
                transitions.put(name, new CompletableFuture<>()); // this thread opens it
                return null;
              });
      return current != null ? current : openOutsideLock(handle, evicted);
    } finally {
      // The caller that opened a database pays for closing the one it pushed out, not everyone.
      closeEvicted(evicted);
    }
  }

  /** Opens the storage of a database this thread marked in transition and leases it. */
  private OpenDatabase openOutsideLock(TenantDatabase handle, List<OpenDatabase> evicted) {
    String name = handle.name();
    return openInTransition(
        name,
        () -> {},
        db -> {
          open.put(name, db);
          calendar.opened(db.name, db.catalog.hasTtlIndexes());
          db.tryLease(); // before evicting, so the new database is not picked
          evictBeyondLimit(evicted);
          try {
            handle.checkNotClosed(); // closed meanwhile: the database stays open for others
          } catch (RuntimeException e) {
            db.endLease();
            throw e;
          }
          handle.current = db;
          return db;
        });
  }

  /**
   * Opens the storage of {@code name}, which this thread marked in transition, without the host
   * lock (uses of the name wait meanwhile), then hands it to {@code install} under the lock; ends
   * the transition either way. {@code undo} runs when the store is not installed: its open failed
   * or the host closed meanwhile.
   */
  private <T> T openInTransition(String name, Runnable undo, Function<OpenDatabase, T> install) {
    OpenDatabase db;
    try {
      beforeStoreOpen.accept(name);
      db = openStore(name);
    } catch (RuntimeException | Error e) {
      try {
        undo.run();
      } finally {
        endTransition(name); // waiters retry, and meet the failure themselves
      }
      throw e;
    }
    synchronized (this) {
      if (closed) {
        // close() waits for this transition, and the shared resources with it
        try {
          db.closeStorage();
          undo.run();
        } finally {
          transitions.remove(name).complete(null);
        }
        throw new DatabaseClosedException("the engine host is closed");
      }
      // Ended before install: its eviction may retire this very database, a new transition.
      // Waiters need this lock, so they go on only once install is done.
      transitions.remove(name).complete(null);
      return install.apply(db);
    }
  }

  private void endTransition(String name) {
    CompletableFuture<Void> done;
    synchronized (this) {
      done = transitions.remove(name);
    }
    done.complete(null);
  }

  /**
   * Runs {@code work} under the host lock once database {@code name} is not being opened or closed
   * by another thread: waits (without the lock) for that to finish first.
   */
  private <T> T whenSettled(String name, Supplier<T> work) {
    while (true) {
      CompletableFuture<Void> pending;
      synchronized (this) {
        pending = transitions.get(name);
        if (pending == null) {
          return work.get();
        }
      }
      pending.join();
    }
  }

  private OpenDatabase openStore(String name) {
    Store store = Store.open(directory(name), resources);
    try {
      return new OpenDatabase(name, store, settings, extensions.fieldCipher(), graphMemory);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  void release(OpenDatabase db) {
    db.endLease();
  }

  /** Called by a handle's close(): a later open() hands out a new handle. */
  void forget(TenantDatabase handle) {
    List<OpenDatabase> unused = new ArrayList<>(1);
    synchronized (this) {
      if (handles.get(handle.name()) == handle) {
        handles.remove(handle.name());
        OpenDatabase db = open.get(handle.name());
        if (db != null && db.tryClose()) {
          open.remove(handle.name());
          unused.add(retire(db));
        }
      }
    }
    closeRetired(unused);
  }

  /**
   * Closes the least recently used databases that nobody holds beyond the limit. Recency is each
   * database's last release: leases on open databases bypass the map, so its order says nothing.
   */
  private void evictBeyondLimit(List<OpenDatabase> evicted) {
    while (open.size() > settings.maxOpenDatabases()) {
      List<OpenDatabase> byAge = new ArrayList<>(open.values());
      byAge.sort(java.util.Comparator.comparingLong(d -> d.lastUsedNanos));
      OpenDatabase victim = null;
      for (OpenDatabase db : byAge) {
        if (db.tryClose()) {
          victim = db;
          break;
        }
      }
      if (victim == null) {
        return; // all in use: over the limit until they are released
      }
      open.remove(victim.name);
      evicted.add(retire(victim));
    }
  }

  /**
   * Marks a database that {@link OpenDatabase#tryClose} closed to leases, and that the caller took
   * out of {@link #open}, as in transition; the caller closes it with {@link #closeRetired} once it
   * released the host lock.
   */
  private OpenDatabase retire(OpenDatabase db) {
    assert Thread.holdsLock(this);
    transitions.put(db.name, new CompletableFuture<>());
    return db;
  }

  /** Closes retired databases' storage, outside the host lock; then they may be opened again. */
  private void closeRetired(List<OpenDatabase> retired) {
    RuntimeException failure = null;
    for (OpenDatabase db : retired) {
      try {
        closeStore(db);
      } catch (RuntimeException e) {
        failure = firstOf(failure, e);
      } finally {
        endTransition(db.name);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Closes the databases an open or create pushed out. A failure there is the evicted database's,
   * logged, not the caller's: its own database is open by then, maybe leased, and an exception
   * would lose that lease and keep the database open for good.
   */
  private void closeEvicted(List<OpenDatabase> evicted) {
    for (OpenDatabase db : evicted) {
      logFailure("closing evicted database '" + db.name + "'", () -> closeRetired(List.of(db)));
    }
  }

  /** Closes a database's storage, first noting when its next document expires. */
  private void closeStore(OpenDatabase db) {
    if (db.store.isClosed()) {
      return;
    }
    Long next;
    try {
      next = ExpirySweep.nextExpiry(db);
    } catch (RuntimeException e) {
      next = db.catalog.hasTtlIndexes() ? 0L : null; // unknown: check at the next sweep
    }
    calendar.closed(db.name, next);
    try {
      beforeVectorSnapshots.accept(db.name);
      Vectors.persist(db);
    } finally {
      // A snapshot is a cache the next open rebuilds; a store left open would keep its directory
      // locked, and every later open of the name would fail.
      db.closeStorage();
    }
  }

  /** A TTL index was created in {@code name}: sweep it from now on. */
  void ttlIndexCreated(String name) {
    calendar.opened(name, true);
  }

  /**
   * Removes the documents of every database whose TTL time is at or before {@code now}; returns how
   * many. Visits the open databases that have a TTL index and those closed ones whose earliest
   * expiry (noted when they closed) has come, opening them as any use would; closed databases with
   * nothing due stay closed. A database that fails (a conflict with a client's write that persists
   * over retries) is left to the next sweep. The background sweeper calls this with the current
   * time; tests pass their own.
   */
  public int sweepExpired(Instant now) {
    long nowMillis = now.toEpochMilli();
    List<String> due = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return 0;
      }
      for (OpenDatabase db : open.values()) {
        if (db.catalog.hasTtlIndexes()) {
          due.add(db.name);
        }
      }
      for (String name : calendar.dueBy(nowMillis)) {
        if (!open.containsKey(name)) {
          due.add(name);
        }
      }
    }
    int removed = 0;
    for (String name : due) {
      try {
        removed += ExpirySweep.run(open(name), nowMillis);
      } catch (UnknownDatabaseException e) {
        calendar.destroyed(name);
      } catch (DatabaseClosedException e) {
        if (isClosed()) {
          break; // the host closed; otherwise a handle closed meanwhile: skip that database
        }
      } catch (ConflictException e) {
        System.getLogger(EngineHost.class.getName())
            .log(System.Logger.Level.INFO, "TTL sweep of '" + name + "' conflicted; retried later");
      }
    }
    return removed;
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  private Path directory(String name) {
    if (name == null || !DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid database name '" + name + "': use [a-z0-9_-], at most 63");
    }
    return settings.root().resolve(name);
  }

  private void checkOpen() {
    if (closed) {
      throw new DatabaseClosedException("the engine host is closed");
    }
  }

  /**
   * Closes every handle and database, then the shared resources. Transactions still running are cut
   * off: finish them first. Idempotent.
   */
  @Override
  public void close() {
    List<OpenDatabase> toClose;
    List<CompletableFuture<Void>> inFlight;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      handles.values().forEach(TenantDatabase::markClosed);
      handles.clear();
      toClose = new ArrayList<>(open.values());
      open.clear();
      inFlight = new ArrayList<>(transitions.values());
    }
    // Opens and closes other threads began before (the sweeper's idle closes among them) finish
    // first: an interrupt would cut their snapshot writes short, and their stores use the shared
    // resources. An open that finishes now closes its store again.
    inFlight.forEach(CompletableFuture::join);
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    // Every store closes, and then the shared resources, even where one fails: a store left open
    // keeps its directory locked for the rest of the process.
    RuntimeException failure = null;
    for (OpenDatabase db : toClose) {
      try {
        if (db.tryClose()) {
          closeStore(db);
        } else {
          db.closeStorage();
        }
      } catch (RuntimeException e) {
        failure = firstOf(failure, e);
      }
    }
    resources.close();
    if (failure != null) {
      throw failure;
    }
  }

  /** The first failure of several, the later ones attached to it. */
  private static RuntimeException firstOf(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
