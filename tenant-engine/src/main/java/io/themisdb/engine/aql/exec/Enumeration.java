package io.themisdb.engine.aql.exec;

import java.util.Iterator;
import tools.jackson.databind.JsonNode;

/** FOR: for each input row, one output row per item of what {@link #items} yields. */
abstract class Enumeration implements Operator {
  private final Operator input;
  private final int slot;
  private JsonNode[] current;
  private Iterator<JsonNode> items;

  Enumeration(Operator input, int slot) {
    this.input = input;
    this.slot = slot;
  }

  /** The items for one input row. */
  abstract Iterator<JsonNode> items(JsonNode[] row);

  @Override
  public JsonNode[] next() {
    while (true) {
      if (items != null && items.hasNext()) {
        JsonNode[] out = current.clone();
        out[slot] = items.next();
        return out;
      }
      current = input.next();
      if (current == null) {
        items = null;
        return null;
      }
      items = items(current);
    }
  }

  @Override
  public void close() {
    input.close();
  }
}
