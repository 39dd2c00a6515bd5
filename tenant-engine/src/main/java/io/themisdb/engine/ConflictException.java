package io.themisdb.engine;

/**
 * A write-write conflict with a concurrent transaction, or a lock that could not be taken in time;
 * the transaction was aborted and may be retried.
 */
public final class ConflictException extends EngineException {

  public ConflictException(String message) {
    super(message);
  }

  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
