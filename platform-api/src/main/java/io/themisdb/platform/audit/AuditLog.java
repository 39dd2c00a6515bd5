package io.themisdb.platform.audit;

import io.themisdb.platform.audit.AuditEvent.Outcome;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The audit log in the control plane: sign-ins, API client changes, tenant state changes and admin
 * actions, with actor, tenant, time and source address. Written in the caller's transaction, so an
 * action that rolls back leaves no audit trail claiming it happened.
 */
@Component
public class AuditLog {

  private static final int MAX_DETAIL = 1000;

  private final JdbcClient jdbc;

  AuditLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void record(UUID tenantId, String actor, String action, String target, Outcome outcome) {
    record(tenantId, actor, action, target, outcome, null);
  }

  public void record(
      UUID tenantId, String actor, String action, String target, Outcome outcome, String detail) {
    jdbc.sql(
            """
            INSERT INTO audit_events (occurred_at, tenant_id, actor, action, target, outcome,
                                      source_address, detail)
            VALUES (:at, :tenant, :actor, :action, :target, :outcome, :source, :detail)
            """)
        .param("at", OffsetDateTime.now(ZoneOffset.UTC))
        .param("tenant", tenantId)
        .param("actor", actor)
        .param("action", action)
        .param("target", target)
        .param("outcome", outcome.name())
        .param("source", currentSourceAddress())
        .param(
            "detail",
            detail == null || detail.length() <= MAX_DETAIL
                ? detail
                : detail.substring(0, MAX_DETAIL))
        .update();
  }

  /** The tenant's events, newest first. */
  public List<AuditEvent> forTenant(UUID tenantId, int limit) {
    return jdbc.sql(
            """
            SELECT id, occurred_at, tenant_id, actor, action, target, outcome, source_address,
                   detail
            FROM audit_events WHERE tenant_id = :tenant ORDER BY id DESC LIMIT :limit
            """)
        .param("tenant", tenantId)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new AuditEvent(
                    rs.getLong("id"),
                    rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                    rs.getObject("tenant_id", UUID.class),
                    rs.getString("actor"),
                    rs.getString("action"),
                    rs.getString("target"),
                    Outcome.valueOf(rs.getString("outcome")),
                    rs.getString("source_address"),
                    rs.getString("detail")))
        .list();
  }

  /**
   * The client's address as the container sees it. Proxies' X-Forwarded-For is honoured only when
   * the operator enables Boot's forward-headers strategy, so clients cannot forge it.
   */
  private static String currentSourceAddress() {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
      return attrs.getRequest().getRemoteAddr();
    }
    return null;
  }
}
