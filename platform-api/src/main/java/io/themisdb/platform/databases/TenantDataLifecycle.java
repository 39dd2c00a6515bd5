package io.themisdb.platform.databases;

import io.themisdb.platform.tenancy.TenantDeleted;
import io.themisdb.platform.tenancy.TenantProvisioned;
import io.themisdb.platform.tenancy.TenantStatus;
import io.themisdb.platform.tenancy.Tenants;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Makes and destroys tenants' engine data after the control plane committed the change. A crash
 * between commit and this step is repaired: a missing database is made on first use ({@link
 * TenantDatabases}), and data of deleted tenants is destroyed at the next start.
 */
@Component
class TenantDataLifecycle {

  private static final Logger log = LoggerFactory.getLogger(TenantDataLifecycle.class);

  private final TenantDatabases databases;
  private final OpenTransactions transactions;
  private final TenantBackups backups;
  private final Tenants tenants;

  TenantDataLifecycle(
      TenantDatabases databases,
      OpenTransactions transactions,
      TenantBackups backups,
      Tenants tenants) {
    this.databases = databases;
    this.transactions = transactions;
    this.backups = backups;
    this.tenants = tenants;
  }

  @TransactionalEventListener
  void provisioned(TenantProvisioned event) {
    try {
      databases.provision(event.tenantId());
    } catch (RuntimeException e) {
      log.warn("Engine database of tenant {} not made yet; made on first use", event.tenantId(), e);
    }
  }

  @TransactionalEventListener
  void deleted(TenantDeleted event) {
    try {
      destroy(event.tenantId());
    } catch (RuntimeException e) {
      log.error(
          "Data of deleted tenant {} not destroyed yet; retried at start", event.tenantId(), e);
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void destroyDataOfDeletedTenants() {
    for (UUID tenant : tenants.idsWithStatus(TenantStatus.DELETED)) {
      if (databases.exists(tenant) || !backups.list(tenant).isEmpty()) {
        log.info("Destroying the leftover data of deleted tenant {}", tenant);
        destroy(tenant);
      }
    }
  }

  private void destroy(UUID tenant) {
    transactions.abortAll(tenant);
    databases.exclusively(tenant, databases::destroyWhenUnused);
    backups.deleteAll(tenant);
  }
}
