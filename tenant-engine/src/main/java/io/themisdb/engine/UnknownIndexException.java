package io.themisdb.engine;

/** No index of this name exists on the collection, or it is not ready for queries yet. */
public final class UnknownIndexException extends EngineException {

  public UnknownIndexException(String message) {
    super(message);
  }

  public UnknownIndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
