package io.themisdb.billing.webhook;

/** A delivery failed verification; {@link #reason()} says why, the message never shows secrets. */
public final class WebhookVerificationException extends Exception {

  /** Why verification failed. */
  public enum Reason {
    MISSING_HEADER,
    BAD_TIMESTAMP,
    TIMESTAMP_OUTSIDE_TOLERANCE,
    NO_MATCHING_SIGNATURE
  }

  private final Reason reason;

  public WebhookVerificationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
