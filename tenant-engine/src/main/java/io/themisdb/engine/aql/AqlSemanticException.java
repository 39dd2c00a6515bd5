package io.themisdb.engine.aql;

import io.themisdb.engine.QueryException;

/** The query parses but means nothing runnable; {@link #kind()} says why. */
public final class AqlSemanticException extends QueryException {

  public enum Kind {
    UNKNOWN_VARIABLE,
    VARIABLE_REDECLARED,
    UNKNOWN_FUNCTION,
    ARGUMENT_COUNT,
    INVALID_QUERY,
    /** Ranges, sorting, functions and arithmetic on an encrypted attribute. */
    ENCRYPTED_ATTRIBUTE
  }

  private final Kind kind;

  public AqlSemanticException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
