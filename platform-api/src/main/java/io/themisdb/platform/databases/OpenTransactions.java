package io.themisdb.platform.databases;

import io.themisdb.engine.ConflictException;
import io.themisdb.engine.DatabaseClosedException;
import io.themisdb.engine.StorageException;
import io.themisdb.engine.Transaction;
import io.themisdb.engine.TransactionOptions;
import io.themisdb.engine.TransactionTimeoutException;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.Tenant;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Explicit transactions that span several HTTP requests, by tenant and id. A transaction unused for
 * the idle timeout, or older than its lifetime, is aborted by a sweeper, so an abandoned one never
 * holds its snapshot, locks and database lease for long. Another tenant's id is simply not found.
 */
@Component
public class OpenTransactions implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OpenTransactions.class);

  private final TenantDatabases databases;
  private final DatabaseSettings settings;
  private final Map<Key, Open> open = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final ScheduledExecutorService sweeper;

  OpenTransactions(TenantDatabases databases, DatabaseSettings settings) {
    this.databases = databases;
    this.settings = settings;
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("themis-transaction-sweeper").unstarted(r));
    long period = Math.clamp(settings.transactionIdleTimeout().toMillis() / 4, 50, 5_000);
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  /** What a client sees of an open transaction. */
  public record Description(String id, Instant expiresAt, Duration idleTimeout) {}

  /** Begins a transaction; {@code lifetime} is capped by the configured maximum (null: maximum). */
  public Description begin(Tenant tenant, Duration lifetime) {
    Duration max = settings.transactionTimeout();
    Duration effective = lifetime == null || lifetime.compareTo(max) > 0 ? max : lifetime;
    long held = open.keySet().stream().filter(k -> k.tenant().equals(tenant.id())).count();
    if (held >= settings.maxOpenTransactions()) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "The tenant holds "
              + held
              + " open transactions, the most allowed; commit or abort one first.");
    }
    Transaction tx = databases.of(tenant).begin(TransactionOptions.DEFAULT.withTimeout(effective));
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expires = Instant.now().plus(effective);
    open.put(new Key(tenant.id(), id), new Open(tx, expires));
    return new Description(id, expires, settings.transactionIdleTimeout());
  }

  public Description describe(UUID tenant, String id) {
    Open o = find(tenant, id);
    o.touch(); // a client polling its own transaction is still using it
    return new Description(id, o.expiresAt, settings.transactionIdleTimeout());
  }

  /**
   * Runs one operation in the transaction. When the engine aborts the transaction (a conflict, a
   * timeout, a storage error) it is forgotten and the error rethrown.
   */
  public <T> T use(UUID tenant, String id, Function<Transaction, T> work) {
    Open o = find(tenant, id);
    o.inUse.incrementAndGet();
    try {
      return work.apply(o.tx);
    } catch (ConflictException
        | TransactionTimeoutException
        | StorageException
        | DatabaseClosedException e) {
      open.remove(new Key(tenant, id), o); // the engine ended the transaction
      throw e;
    } catch (IllegalStateException e) {
      // The engine says the transaction already ended: the sweeper or a commit got there first.
      open.remove(new Key(tenant, id), o);
      throw notFound(id);
    } finally {
      o.touch();
      o.inUse.decrementAndGet();
    }
  }

  public void commit(UUID tenant, String id) {
    Open o = take(tenant, id);
    try {
      o.tx.commit();
    } catch (IllegalStateException e) {
      if (e instanceof DatabaseClosedException) {
        throw e;
      }
      throw notFound(id);
    }
  }

  public void abort(UUID tenant, String id) {
    take(tenant, id).tx.abort();
  }

  /** How many transactions the tenant holds open. */
  public int openCount(UUID tenant) {
    return (int) open.keySet().stream().filter(k -> k.tenant().equals(tenant)).count();
  }

  /** Aborts every transaction of the tenant (its database is about to go). */
  public void abortAll(UUID tenant) {
    open.forEach(
        (key, o) -> {
          if (key.tenant().equals(tenant) && open.remove(key, o)) {
            abortQuietly(o);
          }
        });
  }

  private Open find(UUID tenant, String id) {
    Open o = open.get(new Key(tenant, id));
    if (o == null) {
      throw notFound(id);
    }
    return o;
  }

  private Open take(UUID tenant, String id) {
    Open o = open.remove(new Key(tenant, id));
    if (o == null) {
      throw notFound(id);
    }
    return o;
  }

  void sweep() {
    long idleLimit = System.nanoTime() - settings.transactionIdleTimeout().toNanos();
    Instant now = Instant.now();
    open.forEach(
        (key, o) -> {
          boolean idle = o.lastUsedNanos - idleLimit < 0 && o.inUse.get() == 0;
          if ((idle || now.isAfter(o.expiresAt)) && open.remove(key, o)) {
            log.debug("Aborting abandoned transaction of tenant {}", key.tenant());
            abortQuietly(o);
          }
        });
  }

  private static void abortQuietly(Open o) {
    try {
      o.tx.abort();
    } catch (RuntimeException e) {
      log.warn("Aborting a transaction failed; the engine discards it anyway", e);
    }
  }

  private static ProblemException notFound(String id) {
    return new ProblemException(
        ProblemType.TRANSACTION_NOT_FOUND,
        "No open transaction '" + id + "': it never existed, ended, or was aborted when idle.");
  }

  /** Aborts everything still open, before the engine host closes. */
  @Override
  public void close() {
    sweeper.shutdownNow();
    open.forEach(
        (key, o) -> {
          if (open.remove(key, o)) {
            abortQuietly(o);
          }
        });
  }

  private record Key(UUID tenant, String id) {}

  private static final class Open {
    final Transaction tx;
    final Instant expiresAt;
    volatile long lastUsedNanos = System.nanoTime();
    final AtomicInteger inUse = new AtomicInteger();

    Open(Transaction tx, Instant expiresAt) {
      this.tx = tx;
      this.expiresAt = expiresAt;
    }

    void touch() {
      lastUsedNanos = System.nanoTime();
    }
  }
}
