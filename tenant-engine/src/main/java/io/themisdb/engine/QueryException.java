package io.themisdb.engine;

/**
 * A query (AQL) that cannot be parsed, planned or run. Its subtypes live in {@code
 * io.themisdb.engine.aql}, each one precise cause; this class only opens {@link EngineException} to
 * that package.
 */
public abstract non-sealed class QueryException extends EngineException {

  protected QueryException(String message) {
    super(message);
  }

  protected QueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
