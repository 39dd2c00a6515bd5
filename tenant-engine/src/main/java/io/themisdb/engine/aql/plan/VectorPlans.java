package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.aql.exec.Eval;
import io.themisdb.engine.aql.exec.VectorScan;
import io.themisdb.engine.aql.functions.VectorFunctions;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexKind;
import io.themisdb.engine.index.IndexState;
import io.themisdb.engine.spi.VectorMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plans {@code FOR d IN c [FILTER ...]* SORT APPROX_NEAR_*(d.v, q) LIMIT k} as a {@link
 * PlanNode.ScanVector} when {@code c} has a ready vector index on {@code v} with the function's
 * metric (COSINE, L2 = EUCLIDEAN, DOT). The FILTER, SORT and LIMIT stay in the plan: the scan only
 * decides which documents are read, in distance order, so the result equals the full scan's up to
 * the graph's recall (exactly, with {@code EXACT_NEAR_*} or a small index).
 */
final class VectorPlans {
  private final Planner planner;
  private final String variable;
  private final Scope scope;

  VectorPlans(Planner planner, String variable, Scope scope) {
    this.planner = planner;
    this.variable = variable;
    this.scope = scope;
  }

  /** The vector scan for the FOR at {@code at}, with the variable declared; null if none fits. */
  PlanNode plan(
      PlanNode input, String collection, List<Operation> ops, int at, boolean first, int slot) {
    List<Expr> filters = new ArrayList<>();
    int j = at + 1;
    while (j < ops.size() && ops.get(j) instanceof Operation.Filter f) {
      filters.add(f.condition());
      j++;
    }
    if (j + 1 >= ops.size()
        || !(ops.get(j) instanceof Operation.Sort sort)
        || !(ops.get(j + 1) instanceof Operation.Limit limit)
        || sort.keys().size() != 1
        || sort.keys().getFirst().descending()
        || !(sort.keys().getFirst().expr() instanceof Expr.Call(String function, List<Expr> args))
        || args.size() != 2) {
      return null;
    }
    String name = function.toUpperCase(Locale.ROOT);
    VectorMetric metric = VectorFunctions.METRICS.get(name);
    IndexSelection selection = new IndexSelection(planner, variable, scope);
    String path = selection.path(args.get(0));
    Expr query = args.get(1);
    if (path == null) {
      path = selection.path(args.get(1));
      query = args.get(0);
    }
    Long k = planner.constantLimit(limit);
    if (metric == null || path == null || AstWalk.reads(query, variable) || k == null) {
      return null;
    }
    IndexDefinition index = vectorIndex(collection, path, metric);
    if (index == null) {
      return null;
    }
    IndexSelection.Choice prefilter =
        filters.isEmpty()
            ? null
            : selection.choose(planner.database().indexes(collection), ops, at, first);
    if (prefilter != null && prefilter.condition().isEmpty()) {
      prefilter = null;
    }
    scope.declare(variable, slot);
    Eval q = planner.compile(query, scope);
    List<Eval> conditions = filters.stream().map(f -> planner.compile(f, scope)).toList();
    Eval filter =
        conditions.isEmpty()
            ? null
            : row -> {
              for (Eval c : conditions) {
                if (!Values.truthy(c.eval(row))) {
                  return Values.FALSE;
                }
              }
              return Values.TRUE;
            };
    boolean exact = name.startsWith("EXACT_");
    VectorScan.Spec spec =
        new VectorScan.Spec(
            collection,
            index.name(),
            name,
            q,
            k,
            filter,
            prefilter == null ? null : prefilter.index().name(),
            prefilter == null ? null : prefilter.queries(),
            exact);
    String text =
        "USING "
            + index.name()
            + " ["
            + path
            + "] (vector, "
            + metric.name().toLowerCase(Locale.ROOT)
            + ") NEAR "
            + ExprText.of(query)
            + " LIMIT "
            + k
            + (exact
                ? " exact on " + planner.database().vectors().acceleratorId()
                : " approximate (exact below " + VectorScan.EXACT_BELOW + " vectors)")
            + (filters.isEmpty()
                ? ""
                : prefilter == null
                    ? " post-filter"
                    : " pre-filter USING "
                        + prefilter.index().name()
                        + " "
                        + prefilter.index().fields()
                        + " WHERE "
                        + prefilter.condition()
                        + " (up to "
                        + VectorScan.PREFILTER_MAX
                        + " candidates, else post-filter)");
    return new PlanNode.ScanVector(input, variable, slot, spec, text);
  }

  private IndexDefinition vectorIndex(String collection, String path, VectorMetric metric) {
    for (IndexDefinition d : planner.database().indexes(collection)) {
      if (d.kind() == IndexKind.VECTOR
          && d.state() == IndexState.READY
          && d.fields().equals(List.of(path))
          && d.vector().metric() == metric) {
        return d;
      }
    }
    return null;
  }
}
