package io.themisdb.platform.billing.webhook;

import io.themisdb.billing.webhook.WebhookSecret;
import io.themisdb.platform.auth.PlatformMasterKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code webhook_endpoints} table. Secrets are sealed with the platform master key, the
 * endpoint id bound in as associated data so a sealed secret cannot be moved to another endpoint.
 */
@Component
class WebhookEndpoints {

  private static final RowMapper<WebhookEndpoint> ROW =
      (rs, n) ->
          new WebhookEndpoint(
              rs.getObject("id", UUID.class),
              rs.getObject("tenant_id", UUID.class),
              URI.create(rs.getString("url")),
              Arrays.asList(rs.getString("event_types").split(",")),
              rs.getBoolean("enabled"),
              rs.getInt("consecutive_failures"),
              rs.getString("disabled_reason"),
              rs.getObject("created_at", OffsetDateTime.class).toInstant());

  private final JdbcClient jdbc;
  private final PlatformMasterKey master;

  WebhookEndpoints(JdbcClient jdbc, PlatformMasterKey master) {
    this.jdbc = jdbc;
    this.master = master;
  }

  WebhookEndpoint create(UUID tenant, URI url, List<String> eventTypes, WebhookSecret secret) {
    UUID id = UUID.randomUUID();
    byte[] sealed = master.seal(secret.encoded().getBytes(StandardCharsets.UTF_8), context(id));
    jdbc.sql(
            "INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, sealed_secret,"
                + " enabled, created_at) VALUES (?, ?, ?, ?, ?, TRUE, ?)")
        .params(
            id,
            tenant,
            url.toString(),
            String.join(",", eventTypes),
            Base64.getEncoder().encodeToString(sealed),
            OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    return find(tenant, id).orElseThrow();
  }

  /** The tenant's endpoint; another tenant's id finds nothing. */
  Optional<WebhookEndpoint> find(UUID tenant, UUID id) {
    return jdbc.sql("SELECT * FROM webhook_endpoints WHERE id = ? AND tenant_id = ?")
        .params(id, tenant)
        .query(ROW)
        .optional();
  }

  List<WebhookEndpoint> list(UUID tenant) {
    return jdbc.sql("SELECT * FROM webhook_endpoints WHERE tenant_id = ? ORDER BY created_at, id")
        .param(tenant)
        .query(ROW)
        .list();
  }

  int count(UUID tenant) {
    return jdbc.sql("SELECT count(*) FROM webhook_endpoints WHERE tenant_id = ?")
        .param(tenant)
        .query(Integer.class)
        .single();
  }

  /** Enabled endpoints of the tenant that subscribed to {@code type}. */
  List<WebhookEndpoint> subscribed(UUID tenant, WebhookEventType type) {
    return list(tenant).stream().filter(e -> e.enabled() && e.wants(type)).toList();
  }

  /** Removes the endpoint with its deliveries and their log; false when it is not the tenant's. */
  boolean delete(UUID tenant, UUID id) {
    if (find(tenant, id).isEmpty()) {
      return false;
    }
    String ofEndpoint = "SELECT id FROM webhook_deliveries WHERE endpoint_id = ?";
    jdbc.sql("DELETE FROM webhook_attempts WHERE delivery_id IN (" + ofEndpoint + ")")
        .param(id)
        .update();
    jdbc.sql("DELETE FROM webhook_deliveries WHERE endpoint_id = ?").param(id).update();
    return jdbc.sql("DELETE FROM webhook_endpoints WHERE id = ? AND tenant_id = ?")
            .params(id, tenant)
            .update()
        == 1;
  }

  /** Enables the endpoint again with a clean failure count. */
  void enable(UUID id) {
    jdbc.sql(
            "UPDATE webhook_endpoints SET enabled = TRUE, consecutive_failures = 0,"
                + " disabled_reason = NULL WHERE id = ?")
        .param(id)
        .update();
  }

  void disable(UUID id, String reason) {
    jdbc.sql("UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = ? WHERE id = ?")
        .params(reason, id)
        .update();
  }

  /** Counts one more consecutive failure; returns the new count. */
  int failed(UUID id) {
    jdbc.sql(
            "UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1"
                + " WHERE id = ?")
        .param(id)
        .update();
    return jdbc.sql("SELECT consecutive_failures FROM webhook_endpoints WHERE id = ?")
        .param(id)
        .query(Integer.class)
        .single();
  }

  void succeeded(UUID id) {
    jdbc.sql("UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = ?")
        .param(id)
        .update();
  }

  /** The endpoint's secret, opened with the master key. */
  WebhookSecret secret(UUID id) {
    String sealed =
        jdbc.sql("SELECT sealed_secret FROM webhook_endpoints WHERE id = ?")
            .param(id)
            .query(String.class)
            .single();
    try {
      byte[] text = master.open(Base64.getDecoder().decode(sealed), context(id));
      return WebhookSecret.parse(new String(text, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The secret of webhook endpoint " + id + " does not open", e);
    }
  }

  private static byte[] context(UUID id) {
    return ("webhook-endpoint:" + id).getBytes(StandardCharsets.UTF_8);
  }
}
