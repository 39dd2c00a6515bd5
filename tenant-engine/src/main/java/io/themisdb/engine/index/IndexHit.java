package io.themisdb.engine.index;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** One index entry: the indexed values (in the order of the index's fields) and the document. */
public record IndexHit(List<JsonNode> values, String key) {
  public IndexHit {
    values = List.copyOf(values);
  }
}
