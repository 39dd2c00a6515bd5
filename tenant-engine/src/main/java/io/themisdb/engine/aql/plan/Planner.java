package io.themisdb.engine.aql.plan;

import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.aql.AqlBindParameterException;
import io.themisdb.engine.aql.AqlSemanticException;
import io.themisdb.engine.aql.AqlSemanticException.Kind;
import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.aql.ast.Query;
import io.themisdb.engine.aql.ast.SortKey;
import io.themisdb.engine.aql.exec.CollectOperator;
import io.themisdb.engine.aql.exec.Eval;
import io.themisdb.engine.aql.exec.Modification;
import io.themisdb.engine.aql.exec.Operators;
import io.themisdb.engine.aql.exec.QueryContext;
import io.themisdb.engine.aql.exec.WindowOperator;
import io.themisdb.engine.aql.functions.Statistics;
import io.themisdb.engine.aql.value.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Turns a parsed query into an executable plan: resolves variables to row slots and names to
 * collections, checks bind parameters, functions and argument counts, and picks indexes.
 */
public final class Planner {

  /** A planned query: its result node and the plans of its subqueries, for EXPLAIN. */
  public record Plan(PlanNode root, List<PlanNode> subqueries, boolean modifies) {
    public String explain() {
      return explain(n -> "");
    }

    /** The plan with rows and time per node, as counted while the query ran with a profile. */
    public String profile(QueryContext ctx) {
      return explain(
          n -> {
            long[] c = ctx.counters(n);
            return String.format(" [rows %d, %.3f ms]", c[0], c[1] / 1e6);
          });
    }

    private String explain(java.util.function.Function<PlanNode, String> annotate) {
      StringBuilder out = new StringBuilder(Pipeline.explain(root, annotate));
      for (int i = 0; i < subqueries.size(); i++) {
        out.append("subquery ").append(i + 1).append(":\n");
        Pipeline.explain(subqueries.get(i), annotate)
            .lines()
            .forEach(l -> out.append("  ").append(l).append('\n'));
      }
      return out.toString();
    }
  }

  private final TenantDatabase database;
  private final QueryContext context;
  private final Map<String, JsonNode> bindValues;
  private final Set<String> usedBindValues = new HashSet<>();
  private final Set<String> modified = new TreeSet<>();
  private final List<PlanNode> subqueries = new ArrayList<>();
  private final ExpressionCompiler compiler = new ExpressionCompiler(this);

  private Planner(TenantDatabase database, QueryContext context, Map<String, JsonNode> bindValues) {
    this.database = database;
    this.context = context;
    this.bindValues = bindValues;
  }

  public static Plan plan(
      TenantDatabase database, QueryContext context, Query query, Map<String, JsonNode> bind) {
    Planner p = new Planner(database, context, bind);
    AstWalk.operations(
        query,
        op -> {
          Operation.Target t = AstWalk.target(op);
          if (t != null) {
            p.modified.add(p.collection(t));
          }
        });
    PlanNode root = p.query(query, new Scope(null));
    Set<String> unused = new TreeSet<>(bind.keySet());
    unused.removeAll(p.usedBindValues);
    if (!unused.isEmpty()) {
      throw new AqlBindParameterException(
          "bind parameters given but not used by the query: " + unused);
    }
    return new Plan(root, List.copyOf(p.subqueries), !p.modified.isEmpty());
  }

  // ------------------------------------------------------------ services for the compilers

  QueryContext context() {
    return context;
  }

  int newSlot() {
    return context.newSlot();
  }

  Eval compile(Expr e, Scope scope) {
    return compiler.compile(e, scope);
  }

  JsonNode bindValue(String name) {
    usedBindValues.add(name);
    JsonNode v = bindValues.get(name);
    if (v == null) {
      throw new AqlBindParameterException("no value given for bind parameter @" + name);
    }
    return v;
  }

  private String bindCollection(String name) {
    String key = "@" + name;
    usedBindValues.add(key);
    JsonNode v = bindValues.get(key);
    if (v == null) {
      throw new AqlBindParameterException(
          "no value given for collection bind parameter @@"
              + name
              + " (pass it as '@"
              + name
              + "')");
    }
    if (!v.isString()) {
      throw new AqlBindParameterException(
          "collection bind parameter @@"
              + name
              + " must be a collection name, got "
              + Values.typeName(v));
    }
    return v.stringValue();
  }

  Eval subquery(Query query, Scope scope) {
    PlanNode root = query(query, new Scope(scope));
    subqueries.add(root);
    QueryContext ctx = context;
    return row -> {
      ArrayNode out = Values.array();
      try (Pipeline.Values values = Pipeline.values(root, row, ctx)) {
        JsonNode v;
        while ((v = values.next()) != null) {
          out.add(v);
        }
      }
      return out;
    };
  }

  /** offset + count of a LIMIT made of constants and bind parameters; null otherwise. */
  Long constantLimit(Operation.Limit l) {
    JsonNode offset = l.offset() == null ? Values.number(0) : constant(l.offset());
    JsonNode count = constant(l.count());
    if (offset == null
        || count == null
        || !offset.isIntegralNumber()
        || !count.isIntegralNumber()) {
      return null;
    }
    return offset.longValue() + count.longValue();
  }

  private JsonNode constant(Expr e) {
    return switch (e) {
      case Expr.Literal(JsonNode v) -> v;
      case Expr.BindParameter(String n) -> bindValues.get(n);
      default -> null;
    };
  }

  // ------------------------------------------------------------ operations

  private PlanNode query(Query q, Scope scope) {
    List<Operation> ops = q.operations();
    for (int i = 0; i < ops.size() - 1; i++) {
      if (ops.get(i) instanceof Operation.Return) {
        throw new AqlSemanticException(
            Kind.INVALID_QUERY, "RETURN must be the last operation of a query or subquery");
      }
    }
    Operation last = ops.getLast();
    if (!(last instanceof Operation.Return) && AstWalk.target(last) == null) {
      throw new AqlSemanticException(
          Kind.INVALID_QUERY, "a query must end with RETURN or a data modification");
    }
    PlanNode node = new PlanNode.Singleton();
    boolean manyRows = false;
    Set<Integer> skip = new HashSet<>();
    for (int i = 0; i < ops.size(); i++) {
      if (skip.contains(i)) {
        continue;
      }
      Operation op = ops.get(i);
      node =
          switch (op) {
            case Operation.For f -> {
              PlanNode n = forLoop(node, f, ops, i, scope, !manyRows, skip);
              manyRows = true;
              yield n;
            }
            case Operation.Filter f ->
                new PlanNode.Filter(
                    node, compile(f.condition(), scope), ExprText.of(f.condition()));
            case Operation.Let l -> let(node, l, scope);
            case Operation.Sort s ->
                new PlanNode.Sort(node, sortKeys(s.keys(), scope), ExprText.sortKeys(s.keys()));
            case Operation.Limit l -> {
              Scope constants = new Scope(null);
              yield new PlanNode.Limit(
                  node,
                  l.offset() == null ? null : compile(l.offset(), constants),
                  compile(l.count(), constants),
                  (l.offset() == null ? "" : ExprText.of(l.offset()) + ", ")
                      + ExprText.of(l.count()));
            }
            case Operation.Collect c -> {
              manyRows = true;
              yield collect(node, c, scope);
            }
            case Operation.Return r ->
                new PlanNode.Return(
                    node, compile(r.value(), scope), r.distinct(), ExprText.of(r.value()));
            default -> modify(node, op, scope);
          };
    }
    return node;
  }

  private PlanNode forLoop(
      PlanNode input,
      Operation.For f,
      List<Operation> ops,
      int at,
      Scope scope,
      boolean first,
      Set<Integer> skip) {
    int slot = newSlot();
    String collection =
        switch (f.source()) {
          case Expr.Name(String n) when scope.slot(n) < 0 -> n;
          case Expr.BindCollection(String p) -> bindCollection(p);
          default -> null;
        };
    if (collection == null) {
      Eval source = compile(f.source(), scope);
      scope.declare(f.variable(), slot);
      return new PlanNode.ScanArray(input, f.variable(), slot, source, ExprText.of(f.source()));
    }
    database.collection(collection);
    IndexSelection.Choice choice =
        new IndexSelection(this, f.variable(), scope)
            .choose(database.indexes(collection), ops, at, first);
    if (choice == null && !first && !modified.contains(collection)) {
      // An inner loop without a usable index but joined by equality: read it once into a hash
      // table instead of once per outer row.
      IndexSelection.HashKey key = new IndexSelection(this, f.variable(), scope).hashKey(ops, at);
      if (key != null) {
        Eval probe = compile(key.value(), scope);
        scope.declare(f.variable(), slot);
        return new PlanNode.ScanHashed(
            input, f.variable(), slot, collection, key.path(), probe, key.text());
      }
    }
    if (choice == null) {
      scope.declare(f.variable(), slot);
      return new PlanNode.ScanCollection(
          input, f.variable(), slot, collection, modified.contains(collection));
    }
    scope.declare(f.variable(), slot);
    if (choice.sortIndex() >= 0) {
      skip.add(choice.sortIndex());
    }
    return new PlanNode.ScanIndex(
        input,
        f.variable(),
        slot,
        collection,
        choice.index().name(),
        choice.index().fields(),
        choice.condition(),
        choice.queries(),
        choice.descending(),
        choice.limit());
  }

  private PlanNode let(PlanNode input, Operation.Let l, Scope scope) {
    if (l.value() instanceof Expr.WindowCall w) {
      return window(input, l.variable(), w, scope);
    }
    Eval value = compile(l.value(), scope);
    int slot = newSlot();
    scope.declare(l.variable(), slot);
    return new PlanNode.Let(input, l.variable(), slot, value, ExprText.of(l.value()));
  }

  private List<Operators.SortKey> sortKeys(List<SortKey> keys, Scope scope) {
    List<Operators.SortKey> out = new ArrayList<>();
    for (SortKey k : keys) {
      out.add(new Operators.SortKey(compile(k.expr(), scope), k.descending()));
    }
    return out;
  }

  private PlanNode collect(PlanNode input, Operation.Collect c, Scope scope) {
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

  private PlanNode window(PlanNode input, String variable, Expr.WindowCall w, Scope scope) {
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
    List<Operators.SortKey> order = sortKeys(w.orderBy(), scope);
    WindowOperator.Frame frame =
        w.frame() != null
            ? new WindowOperator.Frame(w.frame().start(), w.frame().end())
            : new WindowOperator.Frame(null, order.isEmpty() ? null : 0L);
    int slot = newSlot();
    scope.declare(variable, slot);
    return new PlanNode.Window(
        input, variable, slot, fn, args, partition, order, frame, ExprText.of(w));
  }

  private PlanNode modify(PlanNode input, Operation op, Scope scope) {
    String collection = collection(AstWalk.target(op));
    database.collection(collection);
    int newSlot = newSlot();
    int oldSlot = newSlot();
    Modification.Spec spec =
        switch (op) {
          case Operation.Insert i ->
              new Modification.Spec(
                  Modification.Kind.INSERT,
                  collection,
                  compile(i.document(), scope),
                  null,
                  null,
                  false,
                  options(i.options(), scope),
                  newSlot,
                  -1);
          case Operation.Update u ->
              new Modification.Spec(
                  u.replace() ? Modification.Kind.REPLACE : Modification.Kind.UPDATE,
                  collection,
                  compile(u.key(), scope),
                  u.with() == null ? null : compile(u.with(), scope),
                  null,
                  false,
                  options(u.options(), scope),
                  newSlot,
                  oldSlot);
          case Operation.Remove r ->
              new Modification.Spec(
                  Modification.Kind.REMOVE,
                  collection,
                  compile(r.key(), scope),
                  null,
                  null,
                  false,
                  options(r.options(), scope),
                  -1,
                  oldSlot);
          case Operation.Upsert u -> {
            Eval search = compile(u.search(), scope);
            Eval insert = compile(u.insert(), scope);
            Eval options = options(u.options(), scope);
            Scope withOld = new Scope(scope);
            withOld.redeclare("OLD", oldSlot);
            yield new Modification.Spec(
                Modification.Kind.UPSERT,
                collection,
                search,
                compile(u.update(), withOld),
                insert,
                u.replace(),
                options,
                newSlot,
                oldSlot);
          }
          default -> throw new IllegalStateException("not a data modification: " + op);
        };
    scope.redeclare("NEW", newSlot);
    scope.redeclare("OLD", oldSlot);
    return new PlanNode.Modify(input, spec, "IN " + collection);
  }

  private Eval options(Expr options, Scope scope) {
    return options == null ? null : compile(options, scope);
  }

  private String collection(Operation.Target t) {
    return switch (t) {
      case Operation.Named(String n) -> n;
      case Operation.Bound(String p) -> bindCollection(p);
    };
  }
}
