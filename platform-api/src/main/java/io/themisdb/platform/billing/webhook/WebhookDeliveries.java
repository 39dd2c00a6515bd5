package io.themisdb.platform.billing.webhook;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code webhook_deliveries} and {@code webhook_attempts} tables: state and log. */
@Component
class WebhookDeliveries {

  /** What the worker needs to make one attempt. */
  record Due(
      UUID id,
      String messageId,
      String payload,
      UUID endpointId,
      String url,
      boolean endpointEnabled,
      String tenantStatus,
      int attempts,
      int failures) {}

  private final JdbcClient jdbc;

  WebhookDeliveries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Up to {@code limit} pending deliveries due at {@code now}, with their claim token. */
  List<Claimable> due(Instant now, int limit) {
    return jdbc.sql(
            "SELECT id, next_attempt_at FROM webhook_deliveries WHERE status = 'PENDING'"
                + " AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?")
        .params(at(now), limit)
        .query(
            (rs, n) ->
                new Claimable(
                    rs.getObject("id", UUID.class),
                    rs.getObject("next_attempt_at", OffsetDateTime.class)))
        .list();
  }

  record Claimable(UUID id, OffsetDateTime nextAttemptAt) {}

  /**
   * Takes the delivery for this instance until {@code leaseUntil}: of several instances that saw it
   * due, exactly one moves its {@code next_attempt_at}. If this one dies mid-attempt, the delivery
   * is due again when the lease ends.
   */
  boolean claim(Claimable c, Instant leaseUntil) {
    return jdbc.sql(
                "UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?"
                    + " AND status = 'PENDING' AND next_attempt_at = ?")
            .params(at(leaseUntil), c.id(), c.nextAttemptAt())
            .update()
        == 1;
  }

  Due load(UUID id) {
    return jdbc.sql(
            """
            SELECT d.id, d.message_id, m.payload, d.endpoint_id, e.url, e.enabled, t.status,
                   d.attempts, d.failures
            FROM webhook_deliveries d
            JOIN webhook_messages m ON m.id = d.message_id
            JOIN webhook_endpoints e ON e.id = d.endpoint_id
            JOIN tenants t ON t.id = e.tenant_id
            WHERE d.id = ?
            """)
        .param(id)
        .query(
            (rs, n) ->
                new Due(
                    rs.getObject("id", UUID.class),
                    rs.getString("message_id"),
                    rs.getString("payload"),
                    rs.getObject("endpoint_id", UUID.class),
                    rs.getString("url"),
                    rs.getBoolean("enabled"),
                    rs.getString("status"),
                    rs.getInt("attempts"),
                    rs.getInt("failures")))
        .single();
  }

  void succeeded(UUID id, int attempt) {
    jdbc.sql(
            "UPDATE webhook_deliveries SET status = 'SUCCEEDED', attempts = ?, failures = 0,"
                + " next_attempt_at = NULL WHERE id = ?")
        .params(attempt, id)
        .update();
  }

  void retryAt(UUID id, int attempt, int failures, Instant next) {
    jdbc.sql(
            "UPDATE webhook_deliveries SET status = 'PENDING', attempts = ?, failures = ?,"
                + " next_attempt_at = ? WHERE id = ?")
        .params(attempt, failures, at(next), id)
        .update();
  }

  void failed(UUID id, int attempt, int failures) {
    jdbc.sql(
            "UPDATE webhook_deliveries SET status = 'FAILED', attempts = ?, failures = ?,"
                + " next_attempt_at = NULL WHERE id = ?")
        .params(attempt, failures, id)
        .update();
  }

  /** Gives up every pending delivery of a disabled endpoint. */
  void failAllPending(UUID endpointId) {
    jdbc.sql(
            "UPDATE webhook_deliveries SET status = 'FAILED', next_attempt_at = NULL"
                + " WHERE endpoint_id = ? AND status = 'PENDING'")
        .param(endpointId)
        .update();
  }

  void log(UUID id, WebhookDelivery.Attempt a) {
    jdbc.sql(
            "INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error,"
                + " duration_ms, retry_delay_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(
            id,
            a.attempt(),
            at(a.attemptedAt()),
            a.statusCode(),
            a.error(),
            a.durationMs(),
            a.retryDelayMs())
        .update();
  }

  /** The endpoint's deliveries, newest first, with their logs. */
  List<WebhookDelivery> ofEndpoint(UUID endpointId, int limit) {
    return jdbc
        .sql(
            """
            SELECT d.id, d.message_id, m.event_type, d.status, d.attempts, d.next_attempt_at,
                   d.created_at
            FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id
            WHERE d.endpoint_id = ? ORDER BY d.created_at DESC, d.id LIMIT ?
            """)
        .params(endpointId, limit)
        .query(
            (rs, n) -> {
              UUID id = rs.getObject("id", UUID.class);
              OffsetDateTime next = rs.getObject("next_attempt_at", OffsetDateTime.class);
              return new WebhookDelivery(
                  id,
                  rs.getString("message_id"),
                  rs.getString("event_type"),
                  rs.getString("status"),
                  rs.getInt("attempts"),
                  next == null ? null : next.toInstant(),
                  rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                  List.of());
            })
        .list()
        .stream()
        .map(d -> withLog(d))
        .toList();
  }

  private WebhookDelivery withLog(WebhookDelivery d) {
    List<WebhookDelivery.Attempt> log =
        jdbc.sql("SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt")
            .param(d.id())
            .query(
                (rs, n) ->
                    new WebhookDelivery.Attempt(
                        rs.getInt("attempt"),
                        rs.getObject("attempted_at", OffsetDateTime.class).toInstant(),
                        (Integer) rs.getObject("status_code", Integer.class),
                        rs.getString("error"),
                        rs.getLong("duration_ms"),
                        rs.getObject("retry_delay_ms", Long.class)))
            .list();
    return new WebhookDelivery(
        d.id(),
        d.messageId(),
        d.eventType(),
        d.status(),
        d.attempts(),
        d.nextAttemptAt(),
        d.createdAt(),
        log);
  }

  /** The tenant's delivery (through its endpoint); another tenant's id finds nothing. */
  Optional<UUID> endpointOf(UUID tenant, UUID deliveryId) {
    return jdbc.sql(
            "SELECT d.endpoint_id FROM webhook_deliveries d"
                + " JOIN webhook_endpoints e ON e.id = d.endpoint_id"
                + " WHERE d.id = ? AND e.tenant_id = ?")
        .params(deliveryId, tenant)
        .query(UUID.class)
        .optional();
  }

  /** Makes the delivery due now with a clean failure count; the log keeps every attempt. */
  void redeliver(UUID id) {
    jdbc.sql(
            "UPDATE webhook_deliveries SET status = 'PENDING', failures = 0, next_attempt_at = ?"
                + " WHERE id = ?")
        .params(at(Instant.now()), id)
        .update();
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
