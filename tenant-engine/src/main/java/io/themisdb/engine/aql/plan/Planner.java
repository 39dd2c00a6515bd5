package io.themisdb.engine.aql.plan;

import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.aql.AqlBindParameterException;
import io.themisdb.engine.aql.AqlSemanticException;
import io.themisdb.engine.aql.AqlSemanticException.Kind;
import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.aql.ast.Query;
import io.themisdb.engine.aql.ast.SortKey;
import io.themisdb.engine.aql.exec.Eval;
import io.themisdb.engine.aql.exec.Operators;
import io.themisdb.engine.aql.exec.QueryContext;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.crypto.EncryptionPolicy;
import java.util.ArrayList;
import java.util.HashSet;
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

  /**
   * A planned query: its result node and the plans of its subqueries, for EXPLAIN; {@code counts}
   * gives the approximate document count of a collection, for the estimates.
   */
  public record Plan(
      PlanNode root,
      List<PlanNode> subqueries,
      boolean modifies,
      java.util.function.ToLongFunction<String> counts) {

    /** The plan with each node's estimated rows and cost (a subquery's: per evaluation). */
    public String explain() {
      Estimates estimates = new Estimates(counts);
      return explain(n -> estimates.of(n).text());
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
    return new Plan(
        root, List.copyOf(p.subqueries), !p.modified.isEmpty(), database::approximateCount);
  }

  // ------------------------------------------------------------ services for the compilers

  TenantDatabase database() {
    return database;
  }

  QueryContext context() {
    return context;
  }

  int newSlot() {
    return context.newSlot();
  }

  /** Whether the query writes to the collection. */
  boolean modifies(String collection) {
    return modified.contains(collection);
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
    ops = FilterPushdown.rewrite(ops);
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
            case Operation.Traverse t -> {
              manyRows = true;
              yield new GraphPlans(this).traverse(node, t, ops.subList(i + 1, ops.size()), scope);
            }
            case Operation.ShortestPath sp -> {
              manyRows = true;
              yield new GraphPlans(this).shortestPath(node, sp, scope);
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
                  constant(l.count()) instanceof JsonNode c && c.isIntegralNumber()
                      ? Math.max(0, c.longValue())
                      : -1,
                  (l.offset() == null ? "" : ExprText.of(l.offset()) + ", ")
                      + ExprText.of(l.count()));
            }
            case Operation.Collect c -> {
              manyRows = true;
              yield new GroupingPlans(this).collect(node, c, scope);
            }
            case Operation.Return r ->
                new PlanNode.Return(
                    node, compile(r.value(), scope), r.distinct(), ExprText.of(r.value()));
            default -> new ModificationPlans(this).modify(node, op, scope);
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
    EncryptionPolicy policy = database.encryptionPolicy(collection).orElse(null);
    if (policy != null) {
      EncryptedAttributes.check(policy, f.variable(), collection, ops, at);
    }
    PlanNode nearest =
        new VectorPlans(this, f.variable(), scope).plan(input, collection, ops, at, first, slot);
    if (nearest != null) {
      return nearest;
    }
    IndexSelection.Choice choice =
        new IndexSelection(this, f.variable(), scope, collection, policy)
            .choose(database.indexes(collection), ops, at, first);
    if (choice == null) {
      PlanNode geo =
          new GeoPlans(this, f.variable(), scope)
              .scan(input, slot, collection, ops, at, first, skip);
      if (geo != null) {
        scope.declare(f.variable(), slot);
        return geo;
      }
    }
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
      boolean keysFirst = modified.contains(collection);
      return new PlanNode.ScanCollection(
          input,
          f.variable(),
          slot,
          collection,
          keysFirst,
          keysFirst ? null : ScanProjection.plan(this, f.variable(), ops, at, scope));
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
        choice.limit(),
        !modified.contains(collection),
        choice.unique(),
        choice.selectivity(),
        // what it decodes of each document; whole ones when the query writes the collection
        modified.contains(collection) ? null : ScanProjection.reads(f.variable(), ops, at));
  }

  private PlanNode let(PlanNode input, Operation.Let l, Scope scope) {
    if (l.value() instanceof Expr.WindowCall w) {
      return new GroupingPlans(this).window(input, l.variable(), w, scope);
    }
    Eval value = compile(l.value(), scope);
    int slot = newSlot();
    scope.declare(l.variable(), slot);
    return new PlanNode.Let(input, l.variable(), slot, value, ExprText.of(l.value()));
  }

  List<Operators.SortKey> sortKeys(List<SortKey> keys, Scope scope) {
    List<Operators.SortKey> out = new ArrayList<>();
    for (SortKey k : keys) {
      out.add(new Operators.SortKey(compile(k.expr(), scope), k.descending()));
    }
    return out;
  }

  String collection(Operation.Target t) {
    return switch (t) {
      case Operation.Named(String n) -> n;
      case Operation.Bound(String p) -> bindCollection(p);
    };
  }
}
