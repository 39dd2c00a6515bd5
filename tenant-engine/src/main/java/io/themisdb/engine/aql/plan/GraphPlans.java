package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.AqlSemanticException;
import io.themisdb.engine.aql.AqlSemanticException.Kind;
import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.aql.exec.Eval;
import io.themisdb.engine.aql.exec.GraphScans;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.graph.Direction;
import io.themisdb.engine.graph.EdgeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Plans the graph FORs: traversals, SHORTEST_PATH and K_SHORTEST_PATHS. */
final class GraphPlans {
  private final Planner planner;

  GraphPlans(Planner planner) {
    this.planner = planner;
  }

  /** {@code rest}: the operations after the traversal, to see which of its variables they read. */
  PlanNode traverse(PlanNode input, Operation.Traverse t, List<Operation> rest, Scope scope) {
    checkDepths(t.minDepth(), t.maxDepth());
    Eval min = t.minDepth() == null ? null : planner.compile(t.minDepth(), scope);
    Eval max = t.maxDepth() == null ? null : planner.compile(t.maxDepth(), scope);
    Eval start = planner.compile(t.start(), scope);
    Eval options = t.options() == null ? null : planner.compile(t.options(), scope);
    List<EdgeSource> edges = edges(t.edges(), t.direction());
    int vertex = declare(t.vertex(), scope);
    int edge = declare(t.edge(), scope);
    int path = declare(t.path(), scope);
    // PRUNE sees the traversal's own variables.
    Eval prune = t.prune() == null ? null : planner.compile(t.prune(), scope);
    // Documents nobody reads are not fetched: a traversal that only counts or filters on the
    // path reads the edge index alone.
    vertex = read(t.vertex(), t, rest) ? vertex : -1;
    edge = read(t.edge(), t, rest) ? edge : -1;
    path = read(t.path(), t, rest) ? path : -1;
    String text =
        names(t.vertex(), t.edge(), t.path())
            + " IN "
            + (t.minDepth() == null
                ? "1"
                : ExprText.of(t.minDepth()) + ".." + ExprText.of(t.maxDepth()))
            + " "
            + t.direction()
            + " "
            + ExprText.of(t.start())
            + " "
            + edgesText(edges)
            + (t.prune() == null ? "" : " PRUNE " + ExprText.of(t.prune()))
            + (t.options() == null ? "" : " OPTIONS " + ExprText.of(t.options()));
    return new PlanNode.Traverse(
        input,
        new GraphScans.TraversalPlan(vertex, edge, path, min, max, start, edges, prune, options),
        text);
  }

  PlanNode shortestPath(PlanNode input, Operation.ShortestPath s, Scope scope) {
    Eval start = planner.compile(s.start(), scope);
    Eval target = planner.compile(s.target(), scope);
    Eval options = s.options() == null ? null : planner.compile(s.options(), scope);
    List<EdgeSource> edges = edges(s.edges(), s.direction());
    int first = declare(s.vertex(), scope);
    int edge = declare(s.edge(), scope);
    GraphScans.PathPlan plan =
        s.kPaths()
            ? new GraphScans.PathPlan(-1, -1, first, start, target, edges, options)
            : new GraphScans.PathPlan(first, edge, -1, start, target, edges, options);
    String text =
        names(s.vertex(), s.edge(), null)
            + " IN "
            + s.direction()
            + (s.kPaths() ? " K_SHORTEST_PATHS " : " SHORTEST_PATH ")
            + ExprText.of(s.start())
            + " TO "
            + ExprText.of(s.target())
            + " "
            + edgesText(edges)
            + (s.options() == null ? "" : " OPTIONS " + ExprText.of(s.options()));
    return new PlanNode.ShortestPath(input, plan, text);
  }

  /** Whether {@code variable} may be read by PRUNE or a later operation (conservatively). */
  private static boolean read(String variable, Operation.Traverse t, List<Operation> rest) {
    if (variable == null) {
      return false;
    }
    if (t.prune() != null && AstWalk.reads(t.prune(), variable)) {
      return true;
    }
    for (Operation op : rest) {
      if (op instanceof Operation.Collect c && c.into() != null && c.intoExpr() == null) {
        return true; // INTO without an expression keeps every variable
      }
      for (Expr e : AstWalk.expressions(op)) {
        if (AstWalk.reads(e, variable)) {
          return true;
        }
      }
    }
    return false;
  }

  private int declare(String variable, Scope scope) {
    if (variable == null) {
      return -1;
    }
    int slot = planner.newSlot();
    scope.declare(variable, slot);
    return slot;
  }

  private List<EdgeSource> edges(List<Operation.EdgeCollection> refs, Direction direction) {
    List<EdgeSource> out = new ArrayList<>();
    for (Operation.EdgeCollection ref : refs) {
      String name = planner.collection(ref.collection());
      if (planner.database().collection(name).type() != CollectionType.EDGE) {
        throw new AqlSemanticException(
            Kind.INVALID_QUERY,
            "collection '" + name + "' is not an edge collection; a graph operation follows edges");
      }
      out.add(new EdgeSource(name, ref.direction() != null ? ref.direction() : direction));
    }
    return out;
  }

  /** Depths written as numbers are checked now; bind parameters when the query runs. */
  private static void checkDepths(Expr min, Expr max) {
    if (min instanceof Expr.Literal(JsonNode a) && max instanceof Expr.Literal(JsonNode b)) {
      if (!a.canConvertToExactIntegral() || !b.canConvertToExactIntegral() || a.doubleValue() < 0) {
        throw new AqlSemanticException(
            Kind.INVALID_QUERY, "traversal depths must be non-negative integers");
      }
      if (a.doubleValue() > b.doubleValue()) {
        throw new AqlSemanticException(
            Kind.INVALID_QUERY,
            "the minimum traversal depth " + a + " is greater than the maximum " + b);
      }
    }
  }

  private static String names(String a, String b, String c) {
    StringBuilder out = new StringBuilder(a);
    if (b != null) {
      out.append(", ").append(b);
    }
    if (c != null) {
      out.append(", ").append(c);
    }
    return out.toString();
  }

  private static String edgesText(List<EdgeSource> edges) {
    return edges.stream()
        .map(e -> e.direction() + " " + e.collection())
        .collect(Collectors.joining(", "));
  }
}
