package io.themisdb.platform.databases;

import java.util.UUID;

/**
 * A restore of the tenant's database is about to replace its data; published synchronously once no
 * new request can reach the database, so that whoever holds it open (query cursors hold read
 * snapshots) lets go before the old data is closed.
 */
public record RestoreStarted(UUID tenantId) {}
