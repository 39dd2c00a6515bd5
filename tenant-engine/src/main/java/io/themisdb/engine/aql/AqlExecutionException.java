package io.themisdb.engine.aql;

import io.themisdb.engine.QueryException;

/**
 * A query failed while running: a value of the wrong type where one kind is required (a document
 * key, a LIMIT, a collection name), or a per-query limit was exceeded.
 */
public final class AqlExecutionException extends QueryException {
  public AqlExecutionException(String message) {
    super(message);
  }
}
