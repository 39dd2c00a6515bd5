package io.themisdb.platform.billing.webhook;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The events a tenant's endpoint can subscribe to; the wire name is the {@code type} field. */
public enum WebhookEventType {
  USAGE_THRESHOLD_REACHED("usage.threshold_reached"),
  INVOICE_FINALIZED("invoice.finalized"),
  TENANT_SUSPENDED("tenant.suspended"),
  TENANT_RESUMED("tenant.resumed"),
  KEY_ROTATED("key.rotated");

  private final String wireName;

  WebhookEventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<WebhookEventType> of(String wireName) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(WebhookEventType::wireName).toList();
  }
}
