package io.themisdb.engine;

/** No tenant database of this name exists on this host. */
public final class UnknownDatabaseException extends EngineException {

  public UnknownDatabaseException(String message) {
    super(message);
  }

  public UnknownDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
