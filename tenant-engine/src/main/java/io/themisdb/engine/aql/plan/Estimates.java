package io.themisdb.engine.aql.plan;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Rough row counts and costs of plan nodes for EXPLAIN (docs/aql.md, "Estimates"). Rows: how many
 * rows a node passes on in all, for one run of its plan. Cost: the rows and index entries read from
 * storage plus the rows each operator handles, summed from the start of the plan, so a node's cost
 * includes its inputs'. Collection sizes come from {@code counts} (cheap approximate counts, asked
 * once per collection); what cannot be known before running uses the fractions below.
 */
final class Estimates {
  /** Fraction of a collection one equality lookup on a non-unique index (or a hash join) finds. */
  static final double EQUALITY = 0.01;

  /** Fraction an IN lookup finds. */
  static final double IN = 0.05;

  /** Fraction a range finds. */
  static final double RANGE = 0.25;

  /** Fraction a LIKE prefix finds. */
  static final double PREFIX = 0.1;

  /** Fraction of its input a FILTER the chosen index does not already answer keeps. */
  static final double FILTER = 0.5;

  /** Rows per input row of a loop over an array, a traversal or a path search. */
  static final long FAN_OUT = 10;

  /** Fraction of its input rows that are distinct groups of a grouped COLLECT. */
  static final double GROUPS = 0.1;

  /** The estimate of one node. */
  record Estimate(double rows, double cost) {
    String text() {
      return String.format(" [estimated rows %s, cost %s]", round(rows), round(cost));
    }

    private static String round(double v) {
      return v >= 10 || v == Math.rint(v) ? Long.toString(Math.round(v)) : String.format("%.2f", v);
    }
  }

  private final ToLongFunction<String> counts;
  private final Map<String, Long> known = new HashMap<>();
  private final Map<PlanNode, Estimate> estimates = new IdentityHashMap<>();

  Estimates(ToLongFunction<String> counts) {
    this.counts = counts;
  }

  Estimate of(PlanNode node) {
    Estimate e = estimates.get(node);
    if (e == null) {
      e = compute(node);
      estimates.put(node, e);
    }
    return e;
  }

  private double count(String collection) {
    return known.computeIfAbsent(collection, counts::applyAsLong);
  }

  private Estimate compute(PlanNode node) {
    if (node instanceof PlanNode.Singleton) {
      return new Estimate(1, 0);
    }
    Estimate in = of(node.input());
    double rows = in.rows();
    return switch (node) {
      case PlanNode.ScanCollection s -> loop(in, count(s.collection()), count(s.collection()));
      case PlanNode.ScanIndex s -> {
        double per =
            s.unique()
                ? Math.min(1, count(s.collection()))
                : count(s.collection()) * s.selectivity();
        if (s.limit() >= 0) {
          per = Math.min(per, s.limit());
        }
        // one seek into the index, then an entry and a document per match
        yield loop(in, per, 1 + 2 * per);
      }
      case PlanNode.ScanHashed s -> {
        double n = count(s.collection());
        // the collection is read once into the table, then one probe per input row
        yield new Estimate(rows * n * EQUALITY, in.cost() + n + rows * (1 + n * EQUALITY));
      }
      case PlanNode.ScanGeo s -> {
        double per = count(s.collection()) * RANGE;
        yield loop(in, per, 1 + 2 * per);
      }
      case PlanNode.ScanVector s -> {
        double per = Math.min(s.spec().limit(), count(s.spec().collection()));
        yield loop(in, per, 1 + 2 * per);
      }
      case PlanNode.ScanArray s -> loop(in, FAN_OUT, FAN_OUT);
      case PlanNode.Traverse t -> loop(in, FAN_OUT, 2 * FAN_OUT);
      case PlanNode.ShortestPath p -> loop(in, FAN_OUT, 2 * FAN_OUT);
      case PlanNode.Filter f ->
          new Estimate(rows * (answeredByIndex(f) ? 1 : FILTER), in.cost() + rows);
      case PlanNode.Sort s ->
          new Estimate(rows, in.cost() + rows * Math.max(1, Math.log(rows) / Math.log(2)));
      case PlanNode.Limit l ->
          new Estimate(l.rows() < 0 ? rows : Math.min(rows, l.rows()), in.cost());
      case PlanNode.Collect c ->
          new Estimate(
              c.groups().isEmpty() ? 1 : Math.min(rows, Math.max(1, rows * GROUPS)),
              in.cost() + rows);
      case PlanNode.Let l -> new Estimate(rows, in.cost() + rows);
      case PlanNode.Window w -> new Estimate(rows, in.cost() + rows);
      case PlanNode.Modify m -> new Estimate(rows, in.cost() + 2 * rows);
      case PlanNode.Return r -> new Estimate(rows, in.cost() + rows);
      case PlanNode.Singleton s -> throw new IllegalStateException("handled above");
    };
  }

  /** A loop finding {@code per} rows and reading {@code read} entries for each input row. */
  private static Estimate loop(Estimate in, double per, double read) {
    return new Estimate(in.rows() * per, in.cost() + in.rows() * read);
  }

  /** Whether the FILTER right above an index scan is one of the conditions the index looked up. */
  private static boolean answeredByIndex(PlanNode.Filter f) {
    PlanNode below = f.input();
    while (below instanceof PlanNode.Filter g) {
      below = g.input();
    }
    return below instanceof PlanNode.ScanIndex s
        && (" AND " + s.condition() + " AND ").contains(" AND " + f.text() + " AND ");
  }
}
