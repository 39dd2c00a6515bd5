package io.themisdb.engine;

/** A collection, index or database of this name exists already. */
public final class NameInUseException extends EngineException {

  public NameInUseException(String message) {
    super(message);
  }

  public NameInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
