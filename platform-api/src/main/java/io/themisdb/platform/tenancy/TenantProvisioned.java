package io.themisdb.platform.tenancy;

import java.util.UUID;

/** A tenant was created by a verified signup; published inside the provisioning transaction. */
public record TenantProvisioned(UUID tenantId) {}
