package io.themisdb.engine.aql.exec;

import io.themisdb.engine.ScanPage;
import io.themisdb.engine.aql.AqlExecutionException;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.document.DocumentCodec;
import io.themisdb.engine.document.DocumentShape;
import io.themisdb.engine.index.IndexHit;
import io.themisdb.engine.index.IndexQuery;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The FOR operators: over a collection, over an index range, over an array value. */
public final class Scans {
  private static final int PAGE = 1000;

  private Scans() {}

  /**
   * What a full scan decodes of each document when the query needs less than whole documents (the
   * planner decides; see {@code ScanProjection}).
   *
   * @param fields the only attributes the query reads; null: whole documents
   * @param filterFields the attributes {@code filters} read
   * @param filters conditions a document must meet to be decoded further (the query's FILTERs stay
   *     in the plan as well); empty: none
   * @param text for EXPLAIN
   */
  public record Projection(
      DocumentCodec.Fields fields,
      DocumentCodec.Fields filterFields,
      List<Eval> filters,
      String text) {}

  /**
   * Every document of {@code collection} in key order, read page by page. With {@code keysFirst}
   * the keys are read before the first document is returned, so documents the same query inserts
   * are not visited (the transaction sees its own writes). {@code projection} (null: none) narrows
   * what is decoded; it is never given with {@code keysFirst}.
   */
  public static Operator collection(
      Operator input,
      int slot,
      String collection,
      boolean keysFirst,
      Projection projection,
      QueryContext ctx) {
    return new Enumeration(input, slot) {
      @Override
      Iterator<JsonNode> items(JsonNode[] row) {
        if (keysFirst) {
          return byKeys(allKeys(collection, ctx).iterator(), collection, ctx);
        }
        return projection == null
            ? pages(collection, ctx)
            : projectedPages(collection, projection, row.clone(), slot, ctx);
      }
    };
  }

  private static Iterator<JsonNode> projectedPages(
      String collection, Projection projection, JsonNode[] probe, int slot, QueryContext ctx) {
    Predicate<ObjectNode> filter =
        projection.filters().isEmpty()
            ? null
            : attributes -> {
              probe[slot] = withKnownId(collection, attributes);
              for (Eval f : projection.filters()) {
                if (!Values.truthy(f.eval(probe))) {
                  return false;
                }
              }
              return true;
            };
    return pages(
        ctx,
        resume -> {
          // Per page too: documents the filter drops never reach the per-row checkpoint.
          ctx.checkAlive();
          ScanPage p =
              ctx.transaction()
                  .scan(
                      collection,
                      resume,
                      PAGE,
                      projection.fields(),
                      projection.filterFields(),
                      filter);
          return p;
        },
        d -> withKnownId(collection, d));
  }

  /** {@code _id} for a document decoded with {@code _key}; a projection without it needs none. */
  private static ObjectNode withKnownId(String collection, ObjectNode document) {
    return document.has(DocumentShape.KEY) ? QueryContext.withId(collection, document) : document;
  }

  private static Iterator<JsonNode> pages(String collection, QueryContext ctx) {
    return pages(
        ctx,
        resume -> ctx.transaction().scan(collection, resume, PAGE),
        d -> QueryContext.withId(collection, d));
  }

  /** The documents of consecutive scan pages, each passed through {@code finish}. */
  private static Iterator<JsonNode> pages(
      QueryContext ctx,
      Function<String, ScanPage> fetch,
      java.util.function.UnaryOperator<ObjectNode> finish) {
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
          ScanPage p = fetch.apply(resume);
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
        return finish.apply(page.get(i++));
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

  /**
   * The documents with these keys, one read each in the query's transaction; missing ones skipped.
   */
  static Iterator<JsonNode> byKeys(Iterator<String> keys, String collection, QueryContext ctx) {
    return new Iterator<>() {
      private JsonNode nextDoc;

      @Override
      public boolean hasNext() {
        while (nextDoc == null && keys.hasNext()) {
          ctx.checkpoint();
          Optional<ObjectNode> d = ctx.transaction().get(collection, keys.next());
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

  private static final int KEY_BATCH = 64;

  /**
   * The documents of {@code keys} in order, read {@code KEY_BATCH} at a time, with just the
   * attributes {@code reads} (null: whole); missing skipped.
   */
  private static Iterator<JsonNode> byKeyBatches(
      List<String> keys, String collection, DocumentCodec.Fields reads, QueryContext ctx) {
    return new Iterator<>() {
      private int next;
      private List<ObjectNode> batch = List.of();
      private int i;

      @Override
      public boolean hasNext() {
        while (true) {
          while (i < batch.size()) {
            if (batch.get(i) != null) {
              return true;
            }
            i++;
          }
          if (next == keys.size()) {
            return false;
          }
          int to = Math.min(keys.size(), next + KEY_BATCH);
          batch = ctx.transaction().getAll(collection, keys.subList(next, to), reads);
          next = to;
          i = 0;
        }
      }

      @Override
      public JsonNode next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ctx.checkpoint();
        return withKnownId(collection, batch.get(i++));
      }
    };
  }

  /**
   * Documents whose index entries match the query built for each input row; {@code queries} may
   * give several ranges (IN), read one after the other. With {@code batchedReads} the documents are
   * read in batches, one storage call each; without, one by one as rows are pulled, so that a query
   * writing the collection sees its own earlier writes.
   */
  public static Operator index(
      Operator input,
      int slot,
      String collection,
      String index,
      Function<JsonNode[], List<IndexQuery>> queries,
      boolean descending,
      long limit,
      boolean batchedReads,
      DocumentCodec.Fields reads,
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
        return batchedReads
            ? byKeyBatches(keys, collection, reads, ctx)
            : byKeys(keys.iterator(), collection, ctx);
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
