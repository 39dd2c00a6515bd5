package io.themisdb.engine;

/** The document's current revision is not the expected one (a conditional write lost). */
public final class RevisionMismatchException extends EngineException {

  public RevisionMismatchException(String message) {
    super(message);
  }

  public RevisionMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
