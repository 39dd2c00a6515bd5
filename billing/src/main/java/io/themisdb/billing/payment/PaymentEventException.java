package io.themisdb.billing.payment;

/**
 * A webhook request that is not a genuine, fresh event: a missing, malformed, stale or wrong
 * signature, or a signed body that is not an event. The message never shows the secret.
 */
public final class PaymentEventException extends Exception {

  public PaymentEventException(String message, Throwable cause) {
    super(message, cause);
  }

  public PaymentEventException(String message) {
    super(message);
  }
}
