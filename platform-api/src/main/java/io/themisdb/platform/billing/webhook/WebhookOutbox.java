package io.themisdb.platform.billing.webhook;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox of outbound webhooks. {@link #publish} writes the message and one
 * pending delivery per enabled endpoint subscribed to its type, in the caller's transaction (or its
 * own when there is none): the event is stored exactly when what it reports is, and the delivery
 * worker sends it later, surviving restarts.
 *
 * <p>The body is {@code {"type": ..., "timestamp": ..., "data": {...}}}, as the Standard Webhooks
 * specification suggests; {@code data} always has {@code tenantId}.
 */
@Component
public class WebhookOutbox {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private final JdbcClient jdbc;
  private final WebhookEndpoints endpoints;
  private final SecureRandom random = new SecureRandom();

  WebhookOutbox(JdbcClient jdbc, WebhookEndpoints endpoints) {
    this.jdbc = jdbc;
    this.endpoints = endpoints;
  }

  /**
   * Stores event {@code type} of {@code tenant} for delivery.
   *
   * @param data the event's fields, serialised as JSON; {@code tenantId} is added
   * @return the message id ({@code webhook-id}), the same on every attempt
   */
  @Transactional
  public String publish(UUID tenant, WebhookEventType type, Map<String, ?> data) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String id = messageId();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("tenantId", tenant.toString());
    fields.putAll(data);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type.wireName());
    body.put("timestamp", now.toString());
    body.put("data", fields);
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    jdbc.sql(
            "INSERT INTO webhook_messages (id, tenant_id, event_type, payload, created_at)"
                + " VALUES (?, ?, ?, ?, ?)")
        .params(id, tenant, type.wireName(), JSON.writeValueAsString(body), at)
        .update();
    for (WebhookEndpoint endpoint : endpoints.subscribed(tenant, type)) {
      jdbc.sql(
              "INSERT INTO webhook_deliveries (id, message_id, endpoint_id, status, next_attempt_at,"
                  + " created_at) VALUES (?, ?, ?, 'PENDING', ?, ?)")
          .params(UUID.randomUUID(), id, endpoint.id(), at, at)
          .update();
    }
    return id;
  }

  /** {@code msg_} and 24 random base62 characters, as the specification's examples look. */
  private String messageId() {
    StringBuilder id = new StringBuilder("msg_");
    for (int i = 0; i < 24; i++) {
      id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return id.toString();
  }
}
