package io.themisdb.engine;

/** No collection of this name exists. */
public final class UnknownCollectionException extends EngineException {

  public UnknownCollectionException(String message) {
    super(message);
  }

  public UnknownCollectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
