package io.themisdb.platform.billing.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One message's delivery to one endpoint, with its log of attempts.
 *
 * @param status {@code PENDING}, {@code SUCCEEDED} or {@code FAILED}
 * @param nextAttemptAt when the next attempt is due; null unless pending
 */
public record WebhookDelivery(
    UUID id,
    String messageId,
    String eventType,
    String status,
    int attempts,
    Instant nextAttemptAt,
    Instant createdAt,
    List<Attempt> log) {

  /**
   * @param statusCode the endpoint's HTTP status, null when no answer came
   * @param error why the attempt failed, null when it succeeded
   * @param retryDelayMs the wait chosen after this failure, null after a success or a give-up
   */
  public record Attempt(
      int attempt,
      Instant attemptedAt,
      Integer statusCode,
      String error,
      long durationMs,
      Long retryDelayMs) {}
}
