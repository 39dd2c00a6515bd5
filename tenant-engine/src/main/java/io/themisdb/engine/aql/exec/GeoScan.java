package io.themisdb.engine.aql.exec;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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
        Iterator<String> found = keys.apply(row);
        return new Iterator<>() {
          private JsonNode nextDoc;

          @Override
          public boolean hasNext() {
            while (nextDoc == null && found.hasNext()) {
              ctx.checkpoint();
              Optional<ObjectNode> d = ctx.transaction().get(collection, found.next());
              nextDoc = d.map(o -> (JsonNode) QueryContext.withId(collection, o)).orElse(null);
            }
            return nextDoc != null;
          }

          @Override
          public JsonNode next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            JsonNode d = nextDoc;
            nextDoc = null;
            return d;
          }
        };
      }
    };
  }
}
