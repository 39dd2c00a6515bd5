package io.themisdb.engine.aql;

import io.themisdb.engine.QueryException;

/** A bind parameter the query uses has no value, or a given value is never used or misfits. */
public final class AqlBindParameterException extends QueryException {
  public AqlBindParameterException(String message) {
    super(message);
  }
}
