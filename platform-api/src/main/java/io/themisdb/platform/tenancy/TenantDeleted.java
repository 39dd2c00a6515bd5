package io.themisdb.platform.tenancy;

import java.util.UUID;

/** An operator deleted a tenant; published inside the transaction that marked it deleted. */
public record TenantDeleted(UUID tenantId) {}
