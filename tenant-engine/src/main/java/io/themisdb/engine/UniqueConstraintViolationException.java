package io.themisdb.engine;

/** The write would give a unique index a second document for one value. */
public final class UniqueConstraintViolationException extends EngineException {

  public UniqueConstraintViolationException(String message) {
    super(message);
  }

  public UniqueConstraintViolationException(String message, Throwable cause) {
    super(message, cause);
  }
}
