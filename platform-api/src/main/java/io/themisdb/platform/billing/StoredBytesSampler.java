package io.themisdb.platform.billing;

import io.themisdb.billing.Billing;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.platform.databases.TenantDatabases;
import io.themisdb.platform.tenancy.Tenant;
import io.themisdb.platform.tenancy.TenantStatus;
import io.themisdb.platform.tenancy.Tenants;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Samples every live tenant's stored bytes (RocksDB's estimate, summed over its collections) into
 * the usage meter, once per {@code themis.billing.storage-sample-interval}; the hour keeps its
 * largest sample and invoices bill GB-months from them. Stops before the meter's last flush.
 */
@Component
public class StoredBytesSampler {

  private static final Logger log = LoggerFactory.getLogger(StoredBytesSampler.class);

  private final Tenants tenants;
  private final TenantDatabases databases;
  private final Billing billing;
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("stored-bytes").factory());

  StoredBytesSampler(
      Tenants tenants, TenantDatabases databases, Billing billing, BillingSettings settings) {
    this.tenants = tenants;
    this.databases = databases;
    this.billing = billing;
    long every = settings.storageSampleInterval().toMillis();
    schedule.scheduleWithFixedDelay(this::sampleAllQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** Samples every active and suspended tenant now. */
  public void sampleAll() {
    List<UUID> live =
        Stream.of(TenantStatus.ACTIVE, TenantStatus.SUSPENDED)
            .flatMap(s -> tenants.idsWithStatus(s).stream())
            .toList();
    for (UUID id : live) {
      tenants.find(id).filter(t -> t.status() != TenantStatus.DELETED).ifPresent(this::sample);
    }
  }

  /** The tenant's stored bytes now, also recorded as a sample. */
  public long sample(Tenant tenant) {
    long bytes = storedBytes(databases.of(tenant));
    billing.meter().sampleStoredBytes(tenant.id().toString(), bytes);
    return bytes;
  }

  static long storedBytes(TenantDatabase db) {
    long sum = 0;
    for (CollectionInfo c : db.collections()) {
      sum += db.stats(c.name()).approximateBytes();
    }
    return sum;
  }

  private void sampleAllQuietly() {
    try {
      sampleAll();
    } catch (RuntimeException e) {
      // The next run samples again; one missed hour holds the previous sample on the invoice.
      log.warn("Stored-bytes sampling failed: {}", e.toString());
    }
  }

  @PreDestroy
  void stop() {
    schedule.shutdownNow();
  }
}
