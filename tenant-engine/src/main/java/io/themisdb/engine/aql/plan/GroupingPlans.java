package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.AqlSemanticException;
import io.themisdb.engine.aql.AqlSemanticException.Kind;
import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.aql.exec.CollectOperator;
import io.themisdb.engine.aql.exec.Eval;
import io.themisdb.engine.aql.exec.Operators;
import io.themisdb.engine.aql.exec.WindowOperator;
import io.themisdb.engine.aql.functions.Statistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plans the operations that group rows: COLLECT and window LETs. */
final class GroupingPlans {
  private final Planner planner;

  GroupingPlans(Planner planner) {
    this.planner = planner;
  }

  private Eval compile(Expr e, Scope scope) {
    return planner.compile(e, scope);
  }

  private int newSlot() {
    return planner.newSlot();
  }

  PlanNode collect(PlanNode input, Operation.Collect c, Scope scope) {
    List<CollectOperator.Group> groups = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Operation.Assignment g : c.groups()) {
      groups.add(new CollectOperator.Group(newSlot(), compile(g.value(), scope)));
      names.add(g.variable());
    }
    List<CollectOperator.Aggregate> aggregates = new ArrayList<>();
    for (Operation.Assignment a : c.aggregates()) {
      if (!(a.value() instanceof Expr.Call(String fn, List<Expr> args))
          || !Statistics.isAggregate(fn)
          || args.size() != 1) {
        throw new AqlSemanticException(
            Kind.INVALID_QUERY,
            "AGGREGATE "
                + a.variable()
                + " = "
                + ExprText.of(a.value())
                + ": expected one aggregate function call such as SUM(expr), COUNT(expr),"
                + " MIN(expr), MAX(expr), AVG(expr), COUNT_DISTINCT(expr), STDDEV(expr),"
                + " VARIANCE(expr), UNIQUE(expr) or SORTED_UNIQUE(expr)");
      }
      aggregates.add(new CollectOperator.Aggregate(newSlot(), fn, compile(args.getFirst(), scope)));
      names.add(a.variable());
    }
    CollectOperator.Into into = null;
    if (c.into() != null) {
      Map<String, Integer> captured = scope.own();
      if (!c.keep().isEmpty()) {
        Map<String, Integer> kept = new LinkedHashMap<>();
        for (String k : c.keep()) {
          if (scope.slot(k) < 0) {
            throw new AqlSemanticException(
                Kind.UNKNOWN_VARIABLE, "KEEP names variable '" + k + "', which is not declared");
          }
          kept.put(k, scope.slot(k));
        }
        captured = kept;
      }
      Eval expr = c.intoExpr() == null ? null : compile(c.intoExpr(), scope);
      into = new CollectOperator.Into(newSlot(), expr, captured);
    }
    int countSlot = c.countInto() == null ? -1 : newSlot();
    scope.hideOwn();
    for (int i = 0; i < groups.size(); i++) {
      scope.declare(names.get(i), groups.get(i).slot());
    }
    for (int i = 0; i < aggregates.size(); i++) {
      scope.declare(names.get(groups.size() + i), aggregates.get(i).slot());
    }
    if (into != null) {
      scope.declare(c.into(), into.slot());
    }
    if (countSlot >= 0) {
      scope.declare(c.countInto(), countSlot);
    }
    return new PlanNode.Collect(input, groups, aggregates, into, countSlot, collectText(c));
  }

  private static String collectText(Operation.Collect c) {
    StringBuilder t = new StringBuilder();
    c.groups()
        .forEach(
            g -> t.append(g.variable()).append(" = ").append(ExprText.of(g.value())).append(' '));
    if (!c.aggregates().isEmpty()) {
      t.append("AGGREGATE ");
      c.aggregates()
          .forEach(
              a -> t.append(a.variable()).append(" = ").append(ExprText.of(a.value())).append(' '));
    }
    if (c.into() != null) {
      t.append("INTO ").append(c.into()).append(' ');
    }
    if (c.countInto() != null) {
      t.append("WITH COUNT INTO ").append(c.countInto());
    }
    return t.toString().strip();
  }

  PlanNode window(PlanNode input, String variable, Expr.WindowCall w, Scope scope) {
    String fn = w.function();
    if (!WindowOperator.isWindowFunction(fn)) {
      throw new AqlSemanticException(
          Kind.UNKNOWN_FUNCTION,
          fn
              + "() cannot be used with OVER; window functions are ROW_NUMBER, RANK, DENSE_RANK,"
              + " LAG, LEAD, FIRST_VALUE, LAST_VALUE and the aggregates SUM, AVG, COUNT, MIN, MAX");
    }
    int n = w.arguments().size();
    int[] arity =
        switch (fn) {
          case "ROW_NUMBER", "RANK", "DENSE_RANK" -> new int[] {0, 0};
          case "LAG", "LEAD" -> new int[] {1, 3};
          case "COUNT", "LENGTH" -> new int[] {0, 1};
          default -> new int[] {1, 1};
        };
    if (n < arity[0] || n > arity[1]) {
      throw new AqlSemanticException(
          Kind.ARGUMENT_COUNT,
          fn
              + "() OVER takes "
              + (arity[0] == arity[1] ? arity[0] : arity[0] + " to " + arity[1])
              + " arguments, but was called with "
              + n);
    }
    List<Eval> args = new ArrayList<>();
    for (Expr a : w.arguments()) {
      args.add(compile(a, scope));
    }
    List<Eval> partition = new ArrayList<>();
    for (Expr p : w.partitionBy()) {
      partition.add(compile(p, scope));
    }
    List<Operators.SortKey> order = planner.sortKeys(w.orderBy(), scope);
    WindowOperator.Frame frame =
        w.frame() != null
            ? new WindowOperator.Frame(w.frame().start(), w.frame().end())
            : new WindowOperator.Frame(null, order.isEmpty() ? null : 0L);
    int slot = newSlot();
    scope.declare(variable, slot);
    return new PlanNode.Window(
        input, variable, slot, fn, args, partition, order, frame, ExprText.of(w));
  }
}
