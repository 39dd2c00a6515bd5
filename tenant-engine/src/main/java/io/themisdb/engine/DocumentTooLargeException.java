package io.themisdb.engine;

/** The stored form of the document exceeds the configured size limit. */
public final class DocumentTooLargeException extends EngineException {

  public DocumentTooLargeException(String message) {
    super(message);
  }

  public DocumentTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }
}
