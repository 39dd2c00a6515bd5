package io.themisdb.platform.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One security-relevant event. {@code tenantId} is null for platform-wide events (an operator
 * signing in); {@code detail} must never hold secrets.
 */
public record AuditEvent(
    long id,
    Instant occurredAt,
    UUID tenantId,
    String actor,
    String action,
    String target,
    Outcome outcome,
    String sourceAddress,
    String detail) {

  public enum Outcome {
    SUCCESS,
    FAILURE
  }
}
