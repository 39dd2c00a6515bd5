package io.themisdb.platform.keys;

import io.themisdb.encryption.TenantKeys;
import io.themisdb.platform.audit.AuditEvent.Outcome;
import io.themisdb.platform.audit.AuditLog;
import io.themisdb.platform.databases.TenantDatabases;
import io.themisdb.platform.tenancy.TenantDeleted;
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
 * Crypto-shreds a deleted tenant's keys once the deletion committed, so that its encrypted
 * attributes stay unreadable in every copy of its data (backups, disks not yet wiped). A shred that
 * failed is repeated at the next start.
 */
@Component
class KeyLifecycle {

  private static final Logger log = LoggerFactory.getLogger(KeyLifecycle.class);

  private final TenantKeys keys;
  private final Tenants tenants;
  private final AuditLog audit;

  KeyLifecycle(TenantKeys keys, Tenants tenants, AuditLog audit) {
    this.keys = keys;
    this.tenants = tenants;
    this.audit = audit;
  }

  @TransactionalEventListener
  void deleted(TenantDeleted event) {
    try {
      shred(event.tenantId());
    } catch (RuntimeException e) {
      log.error(
          "Keys of deleted tenant {} not shredded yet; retried at start", event.tenantId(), e);
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void shredKeysOfDeletedTenants() {
    for (UUID tenant : tenants.idsWithStatus(TenantStatus.DELETED)) {
      if (keys.shreddedAt(TenantDatabases.name(tenant)).isEmpty()
          && keys.hasKeys(TenantDatabases.name(tenant))) {
        shred(tenant);
      }
    }
  }

  private void shred(UUID tenant) {
    keys.shred(TenantDatabases.name(tenant));
    audit.record(tenant, "system", "keys.shredded", "tenant-deleted", Outcome.SUCCESS);
  }
}
