/**
 * Outbound webhooks to tenants: Standard Webhooks signing ({@link
 * io.themisdb.billing.webhook.WebhookSigner}), verification ({@link
 * io.themisdb.billing.webhook.WebhookVerifier}) and the retry schedule ({@link
 * io.themisdb.billing.webhook.RetrySchedule}). Delivery, the outbox and the delivery log are
 * platform-api's.
 */
package io.themisdb.billing.webhook;
