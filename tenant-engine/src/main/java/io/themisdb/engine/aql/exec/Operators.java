package io.themisdb.engine.aql.exec;

import io.themisdb.engine.aql.AqlExecutionException;
import io.themisdb.engine.aql.value.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** The operators that need no storage: the start row, FILTER, LET, SORT, LIMIT, DISTINCT. */
public final class Operators {
  private Operators() {}

  /** One row: the outer row of a subquery, or an empty one for a top-level query. */
  public static Operator singleton(JsonNode[] outer, QueryContext ctx) {
    return new Operator() {
      private boolean done;

      @Override
      public JsonNode[] next() {
        if (done) {
          return null;
        }
        done = true;
        return ctx.row(outer);
      }
    };
  }

  public static Operator filter(Operator input, Eval condition) {
    return new Operator() {
      @Override
      public JsonNode[] next() {
        JsonNode[] row;
        while ((row = input.next()) != null) {
          if (Values.truthy(condition.eval(row))) {
            return row;
          }
        }
        return null;
      }

      @Override
      public void close() {
        input.close();
      }
    };
  }

  /** LET: sets one slot per row. */
  public static Operator calculate(Operator input, int slot, Eval value) {
    return new Operator() {
      @Override
      public JsonNode[] next() {
        JsonNode[] row = input.next();
        if (row == null) {
          return null;
        }
        JsonNode[] out = row.clone();
        out[slot] = value.eval(row);
        return out;
      }

      @Override
      public void close() {
        input.close();
      }
    };
  }

  /** LIMIT offset, count: both evaluated once, from the outer row. */
  public static Operator limit(Operator input, long offset, long count) {
    return new Operator() {
      private long skipped;
      private long returned;

      @Override
      public JsonNode[] next() {
        while (skipped < offset) {
          if (input.next() == null) {
            return null;
          }
          skipped++;
        }
        if (returned >= count) {
          return null;
        }
        JsonNode[] row = input.next();
        if (row != null) {
          returned++;
        }
        return row;
      }

      @Override
      public void close() {
        input.close();
      }
    };
  }

  /** The value of a LIMIT operand: a non-negative integer. */
  public static long limitValue(JsonNode v, String what) {
    if (!v.isNumber() || v.doubleValue() < 0 || v.doubleValue() != Math.rint(v.doubleValue())) {
      throw new AqlExecutionException(
          "LIMIT " + what + " must be a non-negative integer, got " + Values.toText(v));
    }
    return v.longValue();
  }

  /** A sort key: an expression and its direction. */
  public record SortKey(Eval value, boolean descending) {}

  /** SORT: reads every input row, then returns them ordered (stable for equal keys). */
  public static Operator sort(Operator input, List<SortKey> keys, QueryContext ctx) {
    return new Operator() {
      private List<JsonNode[]> sorted;
      private int i;

      @Override
      public JsonNode[] next() {
        if (sorted == null) {
          sorted = sortAll();
        }
        return i < sorted.size() ? sorted.get(i++) : null;
      }

      private List<JsonNode[]> sortAll() {
        record Keyed(JsonNode[] keys, JsonNode[] row) {}
        List<Keyed> rows = new ArrayList<>();
        JsonNode[] row;
        while ((row = input.next()) != null) {
          JsonNode[] k = new JsonNode[keys.size()];
          for (int j = 0; j < k.length; j++) {
            k[j] = keys.get(j).value().eval(row);
          }
          ctx.hold(row, "SORT");
          rows.add(new Keyed(k, row));
          ctx.checkpoint();
        }
        Comparator<Keyed> order =
            (a, b) -> {
              for (int j = 0; j < a.keys().length; j++) {
                int c = Values.compare(a.keys()[j], b.keys()[j]);
                if (c != 0) {
                  return keys.get(j).descending() ? -c : c;
                }
              }
              return 0;
            };
        rows.sort(order);
        List<JsonNode[]> out = new ArrayList<>(rows.size());
        rows.forEach(k -> out.add(k.row()));
        return out;
      }

      @Override
      public void close() {
        input.close();
      }
    };
  }

  /** RETURN DISTINCT: drops rows whose returned value was seen already. */
  public static Operator distinct(Operator input, Eval value, QueryContext ctx) {
    return new Operator() {
      private final TreeSet<JsonNode> seen = new TreeSet<>(Values::compare);

      @Override
      public JsonNode[] next() {
        JsonNode[] row;
        while ((row = input.next()) != null) {
          JsonNode v = value.eval(row);
          if (seen.add(v)) {
            ctx.hold(v, "RETURN DISTINCT");
            return row;
          }
        }
        return null;
      }

      @Override
      public void close() {
        input.close();
      }
    };
  }
}
