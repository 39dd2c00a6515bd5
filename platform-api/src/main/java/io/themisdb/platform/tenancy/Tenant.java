package io.themisdb.platform.tenancy;

import java.time.Instant;
import java.util.UUID;

/** An organisation that signed up: its own engine database, plan and members. */
public record Tenant(
    UUID id,
    String slug,
    String displayName,
    TenantStatus status,
    String planId,
    Instant createdAt) {}
