package io.themisdb.engine;

/** The document's shape is not acceptable: not an object, a bad key, a missing edge end. */
public final class InvalidDocumentException extends EngineException {

  public InvalidDocumentException(String message) {
    super(message);
  }

  public InvalidDocumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
