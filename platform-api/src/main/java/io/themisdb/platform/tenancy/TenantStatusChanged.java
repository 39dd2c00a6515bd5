package io.themisdb.platform.tenancy;

import java.util.UUID;

/**
 * Published, inside the transaction that made it, when a tenant moves between {@code ACTIVE} and
 * {@code SUSPENDED}; listeners (the outbound webhook outbox) write in the same transaction.
 *
 * @param reason why, for example {@code operator} or {@code payment}
 */
public record TenantStatusChanged(
    UUID tenantId, TenantStatus from, TenantStatus to, String reason) {}
