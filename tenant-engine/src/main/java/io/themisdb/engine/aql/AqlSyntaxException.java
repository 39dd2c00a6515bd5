package io.themisdb.engine.aql;

import io.themisdb.engine.QueryException;

/**
 * The query text is not valid AQL. {@code line} and {@code column} are 1-based; the message ends
 * with the offending line and a caret under the column.
 */
public final class AqlSyntaxException extends QueryException {
  private final int line;
  private final int column;

  public AqlSyntaxException(String reason, int line, int column, String snippet) {
    super("syntax error at line " + line + ", column " + column + ": " + reason + "\n" + snippet);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
