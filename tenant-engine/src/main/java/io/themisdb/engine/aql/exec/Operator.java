package io.themisdb.engine.aql.exec;

import tools.jackson.databind.JsonNode;

/**
 * A pull-based operator: each {@link #next()} returns the next row (an array of variable slots,
 * never modified once returned) or null when there are no more. {@link #close()} releases what the
 * operator holds and closes its input.
 */
public interface Operator extends AutoCloseable {
  JsonNode[] next();

  @Override
  default void close() {}
}
