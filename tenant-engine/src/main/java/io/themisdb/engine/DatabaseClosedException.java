package io.themisdb.engine;

/**
 * The database handle (or its host) was closed or destroyed; open the database again through {@link
 * EngineHost#open} for a new handle. Handles closed by idle eviction reopen transparently and never
 * throw this.
 */
public final class DatabaseClosedException extends IllegalStateException {
  public DatabaseClosedException(String message) {
    super(message);
  }
}
