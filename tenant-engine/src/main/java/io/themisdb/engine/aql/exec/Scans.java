package io.themisdb.engine.aql.exec;

import io.themisdb.engine.ScanPage;
import io.themisdb.engine.aql.AqlExecutionException;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.document.DocumentShape;
import io.themisdb.engine.index.IndexHit;
import io.themisdb.engine.index.IndexQuery;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The FOR operators: over a collection, over an index range, over an array value. */
public final class Scans {
  private static final int PAGE = 1000;

  private Scans() {}

  /**
   * Every document of {@code collection} in key order, read page by page. With {@code keysFirst}
   * the keys are read before the first document is returned, so documents the same query inserts
   * are not visited (the transaction sees its own writes).
   */
  public static Operator collection(
      Operator input, int slot, String collection, boolean keysFirst, QueryContext ctx) {
    return new Enumeration(input, slot) {
      @Override
      Iterator<JsonNode> items(JsonNode[] row) {
        return keysFirst
            ? byKeys(allKeys(collection, ctx), collection, ctx)
            : pages(collection, ctx);
      }
    };
  }

  private static Iterator<JsonNode> pages(String collection, QueryContext ctx) {
    return new Iterator<>() {
      private List<ObjectNode> page = List.of();
      private int i;
      private String resume;
      private boolean done;

      @Override
      public boolean hasNext() {
        while (i == page.size()) {
          if (done) {
            return false;
          }
          ScanPage p = ctx.transaction().scan(collection, resume, PAGE);
          page = p.documents();
          i = 0;
          resume = p.resumeAfter();
          done = resume == null;
        }
        return true;
      }

      @Override
      public JsonNode next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ctx.checkpoint();
        return QueryContext.withId(collection, page.get(i++));
      }
    };
  }

  private static List<String> allKeys(String collection, QueryContext ctx) {
    List<String> keys = new ArrayList<>();
    Iterator<JsonNode> it = pages(collection, ctx);
    while (it.hasNext()) {
      keys.add(it.next().get(DocumentShape.KEY).stringValue());
    }
    return keys;
  }

  private static Iterator<JsonNode> byKeys(List<String> keys, String collection, QueryContext ctx) {
    return new Iterator<>() {
      private int i;
      private JsonNode nextDoc;

      @Override
      public boolean hasNext() {
        while (nextDoc == null && i < keys.size()) {
          ctx.checkpoint();
          Optional<ObjectNode> d = ctx.transaction().get(collection, keys.get(i++));
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

  /**
   * Documents whose index entries match the query built for each input row; {@code queries} may
   * give several ranges (IN), read one after the other.
   */
  public static Operator index(
      Operator input,
      int slot,
      String collection,
      String index,
      Function<JsonNode[], List<IndexQuery>> queries,
      boolean descending,
      long limit,
      QueryContext ctx) {
    return new Enumeration(input, slot) {
      @Override
      Iterator<JsonNode> items(JsonNode[] row) {
        List<String> keys = new ArrayList<>();
        int max = (int) Math.min(Integer.MAX_VALUE, limit < 0 ? Integer.MAX_VALUE : limit);
        for (IndexQuery q : queries.apply(row)) {
          for (IndexHit h :
              ctx.transaction().lookup(collection, index, q, descending, max - keys.size())) {
            keys.add(h.key());
          }
        }
        return byKeys(keys, collection, ctx);
      }
    };
  }

  /**
   * The documents of {@code collection} whose attribute {@code path} equals the probe value of each
   * input row. The collection is read once, on the first input row, into a table ordered by that
   * attribute in AQL type order; within one key the documents keep key order, so the rows come out
   * as a nested loop would return them.
   */
  public static Operator hashed(
      Operator input, int slot, String collection, String path, Eval probe, QueryContext ctx) {
    String[] steps = path.split("\\.");
    java.util.TreeMap<JsonNode, List<JsonNode>> table = new java.util.TreeMap<>(Values::compare);
    boolean[] built = {false};
    return new Enumeration(input, slot) {
      @Override
      Iterator<JsonNode> items(JsonNode[] row) {
        if (!built[0]) {
          Iterator<JsonNode> all = pages(collection, ctx);
          while (all.hasNext()) {
            JsonNode d = all.next();
            JsonNode k = d;
            for (String step : steps) {
              k = Values.attribute(k, step);
            }
            ctx.hold(d, "hash join");
            table.computeIfAbsent(k, x -> new ArrayList<>()).add(d);
          }
          built[0] = true;
        }
        List<JsonNode> hits = table.get(probe.eval(row));
        return hits == null ? java.util.Collections.emptyIterator() : hits.iterator();
      }
    };
  }

  /** FOR over an array (or a range or subquery result); a non-array value is an error. */
  public static Operator array(
      Operator input, int slot, Eval source, String text, QueryContext ctx) {
    return new Enumeration(input, slot) {
      @Override
      Iterator<JsonNode> items(JsonNode[] row) {
        JsonNode v = source.eval(row);
        if (Values.isNull(v)) {
          return java.util.Collections.emptyIterator();
        }
        if (!v.isArray()) {
          throw new AqlExecutionException(
              "FOR ... IN " + text + " needs an array, got " + Values.typeName(v));
        }
        Iterator<JsonNode> items = v.values().iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return items.hasNext();
          }

          @Override
          public JsonNode next() {
            ctx.checkpoint();
            return items.next();
          }
        };
      }
    };
  }
}
