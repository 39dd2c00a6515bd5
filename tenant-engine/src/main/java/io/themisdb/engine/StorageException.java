package io.themisdb.engine;

/** RocksDB failed in a way the caller cannot fix (I/O error, corruption). */
public final class StorageException extends EngineException {

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
