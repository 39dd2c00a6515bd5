package io.themisdb.engine.aql.exec;

import java.util.Iterator;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * FOR over the documents a geo index search finds for each input row. The keys come lazily (a
 * nearest-first search reads ring after ring only as far as the query pulls), and each document is
 * read in the query's transaction.
 */
public final class GeoScan {
  private GeoScan() {}

  public static Operator operator(
      Operator input,
      int slot,
      String collection,
      Function<JsonNode[], Iterator<String>> keys,
      QueryContext ctx) {
    return new Enumeration(input, slot) {
      @Override
      Iterator<JsonNode> items(JsonNode[] row) {
        return Scans.byKeys(keys.apply(row), collection, ctx);
      }
    };
  }
}
