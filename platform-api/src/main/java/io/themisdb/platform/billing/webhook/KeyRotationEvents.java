package io.themisdb.platform.billing.webhook;

import java.util.UUID;

/**
 * Where the encryption wiring reports a rotated tenant key, for the {@code key.rotated} webhook.
 * Call it in the transaction that records the rotation, so the event is stored exactly when the
 * rotation is. The bean is {@link WebhookOutbox}-backed; inject this interface.
 */
public interface KeyRotationEvents {

  /**
   * @param keyName the tenant's name for the key
   * @param version the key's new version
   */
  void keyRotated(UUID tenantId, String keyName, int version);
}
