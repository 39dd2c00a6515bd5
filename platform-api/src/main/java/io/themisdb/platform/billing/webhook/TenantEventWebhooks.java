package io.themisdb.platform.billing.webhook;

import io.themisdb.billing.invoice.InvoiceFinalized;
import io.themisdb.platform.tenancy.TenantStatus;
import io.themisdb.platform.tenancy.TenantStatusChanged;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Turns platform events into outbound webhook messages. */
@Component
class TenantEventWebhooks implements KeyRotationEvents {

  private final WebhookOutbox outbox;

  TenantEventWebhooks(WebhookOutbox outbox) {
    this.outbox = outbox;
  }

  /** Runs synchronously, inside the transaction that changed the status. */
  @EventListener
  void statusChanged(TenantStatusChanged change) {
    if (change.to() == TenantStatus.SUSPENDED) {
      outbox.publish(
          change.tenantId(), WebhookEventType.TENANT_SUSPENDED, Map.of("reason", change.reason()));
    } else if (change.to() == TenantStatus.ACTIVE && change.from() == TenantStatus.SUSPENDED) {
      outbox.publish(
          change.tenantId(), WebhookEventType.TENANT_RESUMED, Map.of("reason", change.reason()));
    }
  }

  /** Published by the invoice run once the invoice is stored (after its commit). */
  @EventListener
  void invoiceFinalized(InvoiceFinalized invoice) {
    outbox.publish(
        UUID.fromString(invoice.tenantId()),
        WebhookEventType.INVOICE_FINALIZED,
        Map.of(
            "period", invoice.period().toString(),
            "currency", invoice.currency().getCurrencyCode(),
            "total", invoice.total(),
            "finalizedAt", invoice.finalizedAt().toString()));
  }

  @Override
  public void keyRotated(UUID tenantId, String keyName, int version) {
    outbox.publish(
        tenantId, WebhookEventType.KEY_ROTATED, Map.of("keyName", keyName, "version", version));
  }
}
