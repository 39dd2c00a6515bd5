package io.themisdb.billing.metering;

/** Usage could not be written or read; nothing was written when raised by a write. */
public final class UsageStoreException extends RuntimeException {

  public UsageStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
