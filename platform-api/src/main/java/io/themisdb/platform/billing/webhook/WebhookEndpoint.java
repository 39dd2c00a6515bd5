package io.themisdb.platform.billing.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's webhook endpoint; its secret is not part of this view.
 *
 * @param disabledReason why the endpoint was disabled, null while enabled
 */
public record WebhookEndpoint(
    UUID id,
    UUID tenantId,
    URI url,
    List<String> eventTypes,
    boolean enabled,
    int consecutiveFailures,
    String disabledReason,
    Instant createdAt) {

  boolean wants(WebhookEventType type) {
    return eventTypes.contains(type.wireName());
  }
}
