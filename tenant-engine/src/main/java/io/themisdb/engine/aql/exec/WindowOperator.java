package io.themisdb.engine.aql.exec;

import io.themisdb.engine.aql.functions.Statistics;
import io.themisdb.engine.aql.value.Values;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * {@code LET v = FN(args) OVER (PARTITION BY ... ORDER BY ... ROWS BETWEEN ... AND ...)}: reads
 * every input row, computes the function per row over its partition in window order, and returns
 * the rows in input order with {@code v} set.
 */
public final class WindowOperator implements Operator {

  /**
   * Frame offsets relative to the current row; null is unbounded. {@code start} null and {@code
   * end} 0 is the running frame.
   */
  public record Frame(Long start, Long end) {}

  private final Operator input;
  private final int slot;
  private final String function;
  private final List<Eval> arguments;
  private final List<Eval> partitionBy;
  private final List<Operators.SortKey> orderBy;
  private final Frame frame;
  private final QueryContext ctx;
  private Iterator<JsonNode[]> output;

  public WindowOperator(
      Operator input,
      int slot,
      String function,
      List<Eval> arguments,
      List<Eval> partitionBy,
      List<Operators.SortKey> orderBy,
      Frame frame,
      QueryContext ctx) {
    this.input = input;
    this.slot = slot;
    this.function = function;
    this.arguments = List.copyOf(arguments);
    this.partitionBy = List.copyOf(partitionBy);
    this.orderBy = List.copyOf(orderBy);
    this.frame = frame;
    this.ctx = ctx;
  }

  /** The functions a window may call besides the aggregates of {@link Statistics}. */
  public static boolean isWindowFunction(String name) {
    return switch (name) {
      case "ROW_NUMBER", "RANK", "DENSE_RANK", "LAG", "LEAD", "FIRST_VALUE", "LAST_VALUE" -> true;
      default -> Statistics.isAggregate(name);
    };
  }

  private record Entry(JsonNode[] row, JsonNode[] order, int position) {}

  @Override
  public JsonNode[] next() {
    if (output == null) {
      output = computeAll().iterator();
    }
    return output.hasNext() ? output.next() : null;
  }

  private List<JsonNode[]> computeAll() {
    Map<List<JsonNode>, List<Entry>> partitions = new TreeMap<>(CollectOperator::compareKeys);
    List<JsonNode[]> out = new ArrayList<>();
    JsonNode[] row;
    while ((row = input.next()) != null) {
      ctx.checkpoint();
      List<JsonNode> key = new ArrayList<>(partitionBy.size());
      for (Eval p : partitionBy) {
        key.add(p.eval(row));
      }
      JsonNode[] order = new JsonNode[orderBy.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = orderBy.get(i).value().eval(row);
      }
      ctx.hold(row, "window function " + function);
      JsonNode[] copy = row.clone();
      partitions
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(new Entry(copy, order, out.size()));
      out.add(copy);
    }
    for (List<Entry> partition : partitions.values()) {
      partition.sort(this::compareOrder);
      compute(partition);
    }
    return out;
  }

  private int compareOrder(Entry a, Entry b) {
    for (int i = 0; i < orderBy.size(); i++) {
      int c = Values.compare(a.order()[i], b.order()[i]);
      if (c != 0) {
        return orderBy.get(i).descending() ? -c : c;
      }
    }
    return 0;
  }

  private void compute(List<Entry> p) {
    if (frame.start() == null && RUNNING.contains(function)) {
      running(p);
      return;
    }
    int n = p.size();
    long rank = 0;
    long dense = 0;
    for (int i = 0; i < n; i++) {
      Entry e = p.get(i);
      boolean peer = i > 0 && compareOrder(p.get(i - 1), e) == 0;
      if (!peer) {
        rank = i + 1;
        dense++;
      }
      e.row()[slot] =
          switch (function) {
            case "ROW_NUMBER" -> Values.number(i + 1);
            case "RANK" -> Values.number(rank);
            case "DENSE_RANK" -> Values.number(dense);
            case "LAG" -> shifted(p, i, -offset());
            case "LEAD" -> shifted(p, i, offset());
            case "FIRST_VALUE" -> frameValue(p, i, true);
            case "LAST_VALUE" -> frameValue(p, i, false);
            default -> aggregate(p, i);
          };
    }
  }

  private static final java.util.Set<String> RUNNING =
      java.util.Set.of("SUM", "COUNT", "LENGTH", "AVG", "AVERAGE", "MIN", "MAX");

  /**
   * Frames that start at the partition's start grow row by row, so the aggregate is kept up to date
   * instead of recomputed per row (linear instead of quadratic).
   */
  private void running(List<Entry> p) {
    int n = p.size();
    int added = 0;
    long count = 0;
    long nonNull = 0;
    double sum = 0;
    long exactSum = 0;
    boolean exact = true;
    JsonNode min = null;
    JsonNode max = null;
    for (int i = 0; i < n; i++) {
      int to = bounds(i, n)[1];
      while (added <= to) {
        JsonNode v = arguments.isEmpty() ? Values.TRUE : arguments.get(0).eval(p.get(added).row());
        added++;
        count++;
        if (Values.isNull(v)) {
          continue;
        }
        nonNull++;
        if (exact && Values.isLong(v)) {
          try {
            exactSum = Math.addExact(exactSum, v.longValue());
          } catch (ArithmeticException overflow) {
            exact = false;
            sum = (double) exactSum + v.doubleValue();
          }
        } else {
          if (exact) {
            exact = false;
            sum = exactSum;
          }
          sum += Values.toDouble(v);
        }
        min = min == null || Values.compare(v, min) < 0 ? v : min;
        max = max == null || Values.compare(v, max) > 0 ? v : max;
      }
      double total = exact ? exactSum : sum;
      p.get(i).row()[slot] =
          switch (function) {
            case "SUM" -> exact ? Values.number(exactSum) : Values.number(sum);
            case "COUNT", "LENGTH" -> Values.number(count);
            case "AVG", "AVERAGE" -> nonNull == 0 ? Values.NULL : Values.number(total / nonNull);
            case "MIN" -> min == null ? Values.NULL : min;
            default -> max == null ? Values.NULL : max;
          };
    }
  }

  private long offset() {
    return arguments.size() > 1 ? (long) Values.toDouble(arguments.get(1).eval(ctx.row(null))) : 1;
  }

  private JsonNode shifted(List<Entry> p, int i, long by) {
    long j = i + by;
    if (j < 0 || j >= p.size()) {
      return arguments.size() > 2 ? arguments.get(2).eval(p.get(i).row()) : Values.NULL;
    }
    return arguments.get(0).eval(p.get((int) j).row());
  }

  private int[] bounds(int i, int n) {
    Long start = frame.start();
    Long end = frame.end();
    int from = start == null ? 0 : (int) Math.max(0, Math.min(n, i + start));
    int to = end == null ? n - 1 : (int) Math.min(n - 1, i + end);
    return new int[] {from, to};
  }

  private JsonNode frameValue(List<Entry> p, int i, boolean first) {
    int[] b = bounds(i, p.size());
    if (b[0] > b[1]) {
      return Values.NULL;
    }
    return arguments.get(0).eval(p.get(first ? b[0] : b[1]).row());
  }

  private JsonNode aggregate(List<Entry> p, int i) {
    int[] b = bounds(i, p.size());
    List<JsonNode> values = new ArrayList<>(Math.max(0, b[1] - b[0] + 1));
    for (int j = b[0]; j <= b[1]; j++) {
      JsonNode[] r = p.get(j).row();
      values.add(arguments.isEmpty() ? Values.TRUE : arguments.get(0).eval(r));
    }
    return Statistics.aggregate(function, values);
  }

  @Override
  public void close() {
    input.close();
  }
}
