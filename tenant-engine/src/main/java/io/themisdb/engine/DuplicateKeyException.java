package io.themisdb.engine;

/** A document with this key exists already in the collection. */
public final class DuplicateKeyException extends EngineException {

  public DuplicateKeyException(String message) {
    super(message);
  }

  public DuplicateKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
