package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.exec.CollectOperator;
import io.themisdb.engine.aql.exec.GraphScans;
import io.themisdb.engine.aql.exec.Modification;
import io.themisdb.engine.aql.exec.Operator;
import io.themisdb.engine.aql.exec.Operators;
import io.themisdb.engine.aql.exec.QueryContext;
import io.themisdb.engine.aql.exec.Scans;
import io.themisdb.engine.aql.exec.VectorScan;
import io.themisdb.engine.aql.exec.WindowOperator;
import tools.jackson.databind.JsonNode;

/** Turns a plan into operators and pulls result values from them. */
public final class Pipeline {
  private Pipeline() {}

  /** The result values of a plan, one at a time; null when there are no more. */
  public interface Values extends AutoCloseable {
    JsonNode next();

    @Override
    void close();
  }

  public static Values values(PlanNode root, JsonNode[] outer, QueryContext ctx) {
    if (root instanceof PlanNode.Return r) {
      Operator rows = open(r.input(), outer, ctx);
      Operator distinct = r.distinct() ? Operators.distinct(rows, r.value(), ctx) : rows;
      Operator source = ctx.profiling() ? profiled(distinct, ctx.counters(r)) : distinct;
      return new Values() {
        @Override
        public JsonNode next() {
          JsonNode[] row = source.next();
          return row == null ? null : r.value().eval(row);
        }

        @Override
        public void close() {
          source.close();
        }
      };
    }
    // A query ending in a data modification returns nothing, but its writes must run.
    Operator rows = open(root, outer, ctx);
    return new Values() {
      @Override
      public JsonNode next() {
        while (rows.next() != null) {
          // drain
        }
        return null;
      }

      @Override
      public void close() {
        rows.close();
      }
    };
  }

  static Operator open(PlanNode node, JsonNode[] outer, QueryContext ctx) {
    Operator op = create(node, outer, ctx);
    return ctx.profiling() ? profiled(op, ctx.counters(node)) : op;
  }

  private static Operator profiled(Operator op, long[] counters) {
    return new Operator() {
      @Override
      public JsonNode[] next() {
        long start = System.nanoTime();
        JsonNode[] row = op.next();
        counters[1] += System.nanoTime() - start;
        if (row != null) {
          counters[0]++;
        }
        return row;
      }

      @Override
      public void close() {
        op.close();
      }
    };
  }

  private static Operator create(PlanNode node, JsonNode[] outer, QueryContext ctx) {
    return switch (node) {
      case PlanNode.Singleton s -> Operators.singleton(outer, ctx);
      case PlanNode.ScanCollection s ->
          Scans.collection(
              open(s.input(), outer, ctx),
              s.slot(),
              s.collection(),
              s.keysFirst(),
              s.projection(),
              ctx);
      case PlanNode.ScanIndex s ->
          Scans.index(
              open(s.input(), outer, ctx),
              s.slot(),
              s.collection(),
              s.index(),
              s.queries(),
              s.descending(),
              s.limit(),
              s.batchedReads(),
              s.reads(),
              ctx);
      case PlanNode.ScanGeo s ->
          io.themisdb.engine.aql.exec.GeoScan.operator(
              open(s.input(), outer, ctx), s.slot(), s.collection(), s.keys(), ctx);
      case PlanNode.ScanVector s ->
          VectorScan.scan(open(s.input(), outer, ctx), s.slot(), s.spec(), ctx);
      case PlanNode.ScanHashed s ->
          Scans.hashed(
              open(s.input(), outer, ctx), s.slot(), s.collection(), s.path(), s.probe(), ctx);
      case PlanNode.ScanArray s ->
          Scans.array(open(s.input(), outer, ctx), s.slot(), s.source(), s.text(), ctx);
      case PlanNode.Traverse t -> GraphScans.traverse(open(t.input(), outer, ctx), t.plan(), ctx);
      case PlanNode.ShortestPath s ->
          GraphScans.shortestPaths(open(s.input(), outer, ctx), s.plan(), ctx);
      case PlanNode.Filter f -> Operators.filter(open(f.input(), outer, ctx), f.condition());
      case PlanNode.Let l -> Operators.calculate(open(l.input(), outer, ctx), l.slot(), l.value());
      case PlanNode.Sort s -> Operators.sort(open(s.input(), outer, ctx), s.keys(), ctx);
      case PlanNode.Limit l -> {
        JsonNode[] start = ctx.row(outer);
        long offset =
            l.offset() == null ? 0 : Operators.limitValue(l.offset().eval(start), "offset");
        long count = Operators.limitValue(l.count().eval(start), "count");
        yield Operators.limit(open(l.input(), outer, ctx), offset, count);
      }
      case PlanNode.Collect c ->
          new CollectOperator(
              open(c.input(), outer, ctx),
              outer,
              c.groups(),
              c.aggregates(),
              c.into(),
              c.countSlot(),
              ctx);
      case PlanNode.Window w ->
          new WindowOperator(
              open(w.input(), outer, ctx),
              w.slot(),
              w.function(),
              w.arguments(),
              w.partitionBy(),
              w.orderBy(),
              w.frame(),
              ctx);
      case PlanNode.Modify m -> new Modification(open(m.input(), outer, ctx), m.spec(), ctx);
      case PlanNode.Return r ->
          throw new IllegalStateException("RETURN ends a plan; it feeds no other node");
    };
  }

  /** The plan as indented text, result first, one node per line. */
  public static String explain(PlanNode root) {
    return explain(root, n -> "");
  }

  /** The plan with {@code annotate}'s text appended to each node's line. */
  public static String explain(
      PlanNode root, java.util.function.Function<PlanNode, String> annotate) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (PlanNode n = root; n != null; n = n.input()) {
      out.append("  ".repeat(depth++)).append(n.describe()).append(annotate.apply(n)).append('\n');
    }
    return out.toString();
  }
}
