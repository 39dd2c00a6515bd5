package io.themisdb.platform.billing;

import java.util.UUID;

/**
 * A tenant's plan changed ({@link Subscriptions#change}); published inside the changing
 * transaction, so listeners that act outside the database listen after its commit.
 */
public record PlanChanged(UUID tenantId, String planCode) {}
