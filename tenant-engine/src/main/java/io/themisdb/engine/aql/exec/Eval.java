package io.themisdb.engine.aql.exec;

import tools.jackson.databind.JsonNode;

/**
 * A compiled expression: its value for one row of variable slots. Never returns Java null (AQL null
 * is {@code NullNode}); must not change the nodes it is given, which rows share.
 */
@FunctionalInterface
public interface Eval {
  JsonNode eval(JsonNode[] row);
}
