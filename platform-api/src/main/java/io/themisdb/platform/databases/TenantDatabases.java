package io.themisdb.platform.databases;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.NameInUseException;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.UnknownDatabaseException;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.Tenant;
import io.themisdb.platform.tenancy.TenantStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Each tenant's engine database, by tenant. The database is named after the tenant id.
 *
 * <p>Provisioning order (#5): the control plane commits the tenant first, and the engine database
 * is made afterwards: right after the commit by {@link TenantDataLifecycle}, and lazily here on
 * first use if that step never ran (a crash between the two). The control plane is the source of
 * truth: a tenant row whose database is missing is repaired by its first request, while a database
 * made before a commit that then failed would be an orphan that nobody owns or deletes.
 */
@Component
public class TenantDatabases {

  private static final Duration IN_USE_WAIT = Duration.ofSeconds(10);

  private final EngineHost host;
  private final Map<UUID, TenantDatabase> handles = new ConcurrentHashMap<>();

  /** Tenants whose database is being restored or destroyed: no new handles meanwhile. */
  private final Set<UUID> exclusive = ConcurrentHashMap.newKeySet();

  TenantDatabases(EngineHost host) {
    this.host = host;
  }

  /** The tenant's database, created if it is missing. Never for a deleted tenant. */
  public TenantDatabase of(Tenant tenant) {
    if (tenant.status() == TenantStatus.DELETED) {
      throw new IllegalStateException("tenant " + tenant.id() + " is deleted");
    }
    TenantDatabase handle = handles.get(tenant.id());
    if (handle != null && !exclusive.contains(tenant.id())) {
      return handle;
    }
    return openOrCreate(tenant.id());
  }

  /** Makes the tenant's database if it does not exist yet; idempotent. */
  void provision(UUID tenant) {
    openOrCreate(tenant);
  }

  boolean exists(UUID tenant) {
    return host.exists(name(tenant));
  }

  private synchronized TenantDatabase openOrCreate(UUID tenant) {
    if (exclusive.contains(tenant)) {
      throw unavailable();
    }
    String name = name(tenant);
    TenantDatabase handle;
    try {
      handle = host.open(name);
    } catch (UnknownDatabaseException e) {
      try {
        handle = host.create(name);
      } catch (NameInUseException raced) {
        handle = host.open(name);
      }
    }
    handles.put(tenant, handle);
    return handle;
  }

  /**
   * Runs {@code work} with the tenant's database closed to everyone else: new requests answer 503,
   * and requests already running finish first (up to {@link #IN_USE_WAIT}). {@code work} gets the
   * engine database's name and may destroy and recreate it.
   */
  void exclusively(UUID tenant, Consumer<String> work) {
    synchronized (this) {
      if (!exclusive.add(tenant)) {
        throw new ProblemException(
            ProblemType.CONFLICT, "Another restore or deletion of this database is running.");
      }
      handles.remove(tenant);
    }
    try {
      work.accept(name(tenant));
    } finally {
      exclusive.remove(tenant);
    }
  }

  /** Destroys the engine database, waiting for running single operations to finish. */
  void destroyWhenUnused(String name) {
    long deadline = System.nanoTime() + IN_USE_WAIT.toNanos();
    while (true) {
      try {
        host.destroy(name);
        return;
      } catch (UnknownDatabaseException e) {
        return;
      } catch (IllegalStateException e) {
        // EngineHost refuses while an operation holds the database; they take milliseconds.
        if (System.nanoTime() > deadline) {
          throw new ProblemException(
              ProblemType.DATABASE_UNAVAILABLE,
              "The database stayed busy; nothing was changed, retry shortly.",
              Map.of("retryable", true));
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  EngineHost host() {
    return host;
  }

  /** The engine database of a tenant, which also names its encryption keys. */
  public static String name(UUID tenant) {
    return tenant.toString();
  }

  /** The tenant whose engine database is named {@code name}; empty for any other database. */
  public static java.util.Optional<UUID> tenantOf(String name) {
    try {
      UUID tenant = UUID.fromString(name);
      return name.equals(name(tenant)) ? java.util.Optional.of(tenant) : java.util.Optional.empty();
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  private static ProblemException unavailable() {
    return new ProblemException(
        ProblemType.DATABASE_UNAVAILABLE,
        "The database is being restored; retry shortly.",
        Map.of("retryable", true));
  }
}
