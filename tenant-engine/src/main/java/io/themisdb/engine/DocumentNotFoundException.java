package io.themisdb.engine;

/** No document with this key exists in the collection. */
public final class DocumentNotFoundException extends EngineException {

  public DocumentNotFoundException(String message) {
    super(message);
  }

  public DocumentNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
