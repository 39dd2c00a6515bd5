package io.themisdb.platform.query;

import io.themisdb.engine.aql.QueryCursor;
import io.themisdb.engine.aql.QueryOptions;
import io.themisdb.platform.databases.OpenTransactions;
import io.themisdb.platform.databases.RestoreStarted;
import io.themisdb.platform.databases.TenantDatabases;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.Tenant;
import io.themisdb.platform.tenancy.TenantDeleted;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;

/**
 * Runs AQL queries and keeps the cursors of those with results left, by tenant and id. An open read
 * cursor holds its engine transaction (its snapshot), so a cursor no request uses for the idle
 * timeout is closed by a sweeper, and a tenant holds a bounded number at once. A cursor of a query
 * run in an explicit transaction reads its later batches inside that transaction, through {@link
 * OpenTransactions}, and fails once the transaction ended. Another tenant's id is simply not found.
 */
@Component
class OpenCursors implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OpenCursors.class);

  private final TenantDatabases databases;
  private final OpenTransactions transactions;
  private final QuerySettings settings;
  private final Map<Key, Open> open = new ConcurrentHashMap<>();

  /** Cursors per tenant, reserved before a query runs so that the cap holds under concurrency. */
  private final Map<UUID, AtomicInteger> held = new ConcurrentHashMap<>();

  private final SecureRandom random = new SecureRandom();
  private final ScheduledExecutorService sweeper;

  OpenCursors(TenantDatabases databases, OpenTransactions transactions, QuerySettings settings) {
    this.databases = databases;
    this.transactions = transactions;
    this.settings = settings;
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("themis-cursor-sweeper").unstarted(r));
    long period = Math.clamp(settings.cursorIdleTimeout().toMillis() / 4, 50, 5_000);
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  /** One answer's results and what the query did so far; {@code cursor} is null at the end. */
  record Batch(
      List<JsonNode> result,
      boolean hasMore,
      String cursor,
      long writesExecuted,
      long documentsScanned,
      String profile) {}

  /** What a client sees of an open cursor. */
  record Description(String id, long returned, Duration idleTimeout) {}

  /**
   * Runs the query, alone or inside the open transaction {@code transaction} (null: alone), and
   * answers its first batch; the cursor stays open when more results remain. A tenant at its cap
   * may still run queries whose results fit one batch; a writing query takes its slot before it
   * runs, so that it is never refused after its writes are done.
   */
  Batch start(
      Tenant tenant,
      String transaction,
      String aql,
      Map<String, ?> bindVars,
      QueryOptions options,
      boolean writes) {
    UUID owner = tenant.id();
    boolean reserved = false;
    boolean registered = false;
    if (writes) {
      reserve(owner);
      reserved = true;
    }
    try {
      Open o;
      Batch first;
      if (transaction == null) {
        o = new Open(databases.of(tenant).query(aql, bindVars, options), null, options);
        first = readFirst(o);
      } else {
        Open[] made = new Open[1];
        first =
            transactions.use(
                owner,
                transaction,
                tx -> {
                  made[0] = new Open(tx.query(aql, bindVars, options), transaction, options);
                  return readFirst(made[0]);
                });
        o = made[0];
      }
      if (first.hasMore()) {
        if (!reserved) {
          try {
            reserve(owner);
          } catch (ProblemException e) {
            o.cursor.close(); // a reading query: nothing is lost by refusing it now
            throw e;
          }
          reserved = true;
        }
        open.put(new Key(owner, first.cursor()), o);
        registered = true;
      }
      return first;
    } finally {
      if (reserved && !registered) {
        release(owner);
      }
    }
  }

  /** The next batch of an open cursor; the cursor closes after its last one. */
  Batch next(UUID tenant, String id) {
    Key key = new Key(tenant, id);
    Open o = find(key);
    o.lock.lock();
    try {
      if (open.get(key) != o) {
        throw notFound(id); // closed by the sweeper or a DELETE while this request waited
      }
      Batch batch =
          o.transaction == null
              ? read(o, id)
              : transactions.use(tenant, o.transaction, tx -> read(o, id));
      if (!batch.hasMore()) {
        forget(key, o);
      }
      return batch;
    } catch (RuntimeException e) {
      forget(key, o); // a failed query cannot go on
      throw e;
    } finally {
      o.touch();
      o.lock.unlock();
    }
  }

  Description describe(UUID tenant, String id) {
    Open o = find(new Key(tenant, id));
    o.touch(); // a client looking at its cursor still wants it
    return new Description(id, o.returned, settings.cursorIdleTimeout());
  }

  /** Closes the cursor before its end, which ends its read transaction. */
  void close(UUID tenant, String id) {
    Key key = new Key(tenant, id);
    Open o = find(key);
    o.lock.lock();
    try {
      if (!forget(key, o)) {
        throw notFound(id);
      }
    } finally {
      o.lock.unlock();
    }
  }

  int openCount(UUID tenant) {
    AtomicInteger n = held.get(tenant);
    return n == null ? 0 : n.get();
  }

  /** A deleted tenant's cursors go before its database is destroyed. */
  @TransactionalEventListener
  @Order(Ordered.HIGHEST_PRECEDENCE)
  void tenantDeleted(TenantDeleted event) {
    closeAll(event.tenantId());
  }

  /**
   * A restore replaces the data these cursors read: they close, releasing their snapshots, so that
   * the old database can be closed at once rather than after the restore gives up waiting.
   */
  @EventListener
  void restoreStarted(RestoreStarted event) {
    closeAll(event.tenantId());
  }

  private void closeAll(UUID tenant) {
    open.forEach(
        (key, o) -> {
          if (key.tenant().equals(tenant)) {
            forget(key, o);
          }
        });
  }

  void sweep() {
    long now = System.nanoTime();
    long idleLimit = now - settings.cursorIdleTimeout().toNanos();
    open.forEach(
        (key, o) -> {
          boolean idle = o.lastUsedNanos - idleLimit < 0;
          boolean expired = now - o.deadlineNanos > 0;
          if ((idle || expired) && o.lock.tryLock()) {
            try {
              if (forget(key, o)) {
                log.debug("Closed an idle or expired cursor of tenant {}", key.tenant());
              }
            } finally {
              o.lock.unlock();
            }
          }
        });
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    open.forEach(this::forget);
  }

  private Batch readFirst(Open o) {
    try {
      return read(o, newId());
    } catch (RuntimeException e) {
      o.cursor.close();
      throw e;
    }
  }

  private static Batch read(Open o, String id) {
    List<JsonNode> result = o.cursor.nextBatch();
    o.returned += result.size();
    boolean more = o.cursor.hasNext();
    return new Batch(
        result,
        more,
        more ? id : null,
        o.cursor.writesExecuted(),
        o.cursor.documentsScanned(),
        o.profile ? o.cursor.profile() : null);
  }

  /** Removes and closes the cursor; false when someone else did first. */
  private boolean forget(Key key, Open o) {
    if (!open.remove(key, o)) {
      return false;
    }
    release(key.tenant());
    try {
      o.cursor.close();
    } catch (RuntimeException e) {
      log.warn("Closing a cursor failed; its transaction ends with its timeout anyway", e);
    }
    return true;
  }

  private void reserve(UUID tenant) {
    AtomicInteger n = held.computeIfAbsent(tenant, t -> new AtomicInteger());
    int before = n.getAndUpdate(c -> c < settings.maxCursorsPerTenant() ? c + 1 : c);
    if (before >= settings.maxCursorsPerTenant()) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "The tenant holds "
              + before
              + " open query cursors, the most allowed; read them to the end or delete one first.");
    }
  }

  private void release(UUID tenant) {
    held.get(tenant).decrementAndGet(); // entries stay: one small counter per tenant
  }

  private Open find(Key key) {
    Open o = open.get(key);
    if (o == null) {
      throw notFound(key.id());
    }
    return o;
  }

  private String newId() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static ProblemException notFound(String id) {
    return new ProblemException(
        ProblemType.CURSOR_NOT_FOUND,
        "No open cursor '"
            + id
            + "': it never existed, was read to its end, deleted, or closed"
            + " when idle.");
  }

  private record Key(UUID tenant, String id) {}

  private static final class Open {
    final QueryCursor cursor;
    final String transaction;
    final boolean profile;
    final ReentrantLock lock = new ReentrantLock();
    volatile long lastUsedNanos = System.nanoTime();

    /** Past the query's timeout every read fails, so the cursor is of no more use. */
    final long deadlineNanos;

    long returned;

    Open(QueryCursor cursor, String transaction, QueryOptions options) {
      this.cursor = cursor;
      this.transaction = transaction;
      this.profile = options.profile();
      this.deadlineNanos =
          options.timeout() == null ? Long.MAX_VALUE : lastUsedNanos + options.timeout().toNanos();
    }

    void touch() {
      lastUsedNanos = System.nanoTime();
    }
  }
}
