package io.themisdb.engine;

/** The transaction ran past its timeout and was aborted. */
public final class TransactionTimeoutException extends EngineException {

  public TransactionTimeoutException(String message) {
    super(message);
  }

  public TransactionTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
