package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.aql.ast.Query;
import io.themisdb.engine.aql.ast.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Walks of the AST the planner needs: sub-expressions, free names, modified collections. */
final class AstWalk {
  private AstWalk() {}

  static List<Expr> children(Expr e) {
    List<Expr> out = new ArrayList<>();
    switch (e) {
      case Expr.Attribute(var o, var n) -> out.add(o);
      case Expr.Index(var v, var i) -> {
        out.add(v);
        out.add(i);
      }
      case Expr.Expansion x -> {
        out.add(x.array());
        addIfPresent(out, x.filter());
        addIfPresent(out, x.offset());
        addIfPresent(out, x.count());
        addIfPresent(out, x.projection());
      }
      case Expr.Unary(var op, var v) -> out.add(v);
      case Expr.Binary(var op, var l, var r) -> {
        out.add(l);
        out.add(r);
      }
      case Expr.Quantified(var q, var op, var l, var r) -> {
        out.add(l);
        out.add(r);
      }
      case Expr.Ternary(var c, var t, var o) -> {
        out.add(c);
        addIfPresent(out, t);
        out.add(o);
      }
      case Expr.Range(var f, var t) -> {
        out.add(f);
        out.add(t);
      }
      case Expr.ArrayLiteral(var els) -> out.addAll(els);
      case Expr.ObjectLiteral(var entries) ->
          entries.forEach(
              en -> {
                addIfPresent(out, en.computedName());
                out.add(en.value());
              });
      case Expr.Call(var f, var args) -> out.addAll(args);
      case Expr.WindowCall w -> {
        out.addAll(w.arguments());
        out.addAll(w.partitionBy());
        w.orderBy().forEach(k -> out.add(k.expr()));
      }
      default -> {}
    }
    return out;
  }

  private static void addIfPresent(List<Expr> out, Expr e) {
    if (e != null) {
      out.add(e);
    }
  }

  /**
   * Whether every name {@code e} reads is {@code variable} or satisfies {@code known}; false when
   * it holds a subquery (whose names this walk does not follow).
   */
  static boolean onlyReads(Expr e, String variable, java.util.function.Predicate<String> known) {
    return switch (e) {
      case Expr.Name(var n) -> n.equals(variable) || known.test(n);
      case Expr.Subquery s -> false;
      case Expr.Expansion x ->
          onlyReads(x.array(), variable, known)
              && children(x).stream()
                  .skip(1)
                  .allMatch(
                      c -> onlyReads(c, variable, n -> n.equals(Expr.CURRENT) || known.test(n)));
      default -> children(e).stream().allMatch(c -> onlyReads(c, variable, known));
    };
  }

  static boolean reads(Expr e, String variable) {
    return !onlyReads(e, "\u0000", n -> !n.equals(variable));
  }

  /** Every operation of the query and of its subqueries, depth first. */
  static void operations(Query q, Consumer<Operation> visit) {
    for (Operation op : q.operations()) {
      visit.accept(op);
      for (Expr e : expressions(op)) {
        subqueries(e, sub -> operations(sub, visit));
      }
    }
  }

  private static void subqueries(Expr e, Consumer<Query> visit) {
    if (e instanceof Expr.Subquery(var q)) {
      visit.accept(q);
      return;
    }
    for (Expr c : children(e)) {
      subqueries(c, visit);
    }
  }

  static List<Expr> expressions(Operation op) {
    List<Expr> out = new ArrayList<>();
    switch (op) {
      case Operation.For f -> {
        out.add(f.source());
        addIfPresent(out, f.options());
      }
      case Operation.Traverse t -> {
        addIfPresent(out, t.minDepth());
        addIfPresent(out, t.maxDepth());
        out.add(t.start());
        addIfPresent(out, t.prune());
        addIfPresent(out, t.options());
      }
      case Operation.ShortestPath s -> {
        out.add(s.start());
        out.add(s.target());
        addIfPresent(out, s.options());
      }
      case Operation.Filter f -> out.add(f.condition());
      case Operation.Let l -> out.add(l.value());
      case Operation.Sort s -> s.keys().stream().map(SortKey::expr).forEach(out::add);
      case Operation.Limit l -> {
        addIfPresent(out, l.offset());
        out.add(l.count());
      }
      case Operation.Collect c -> {
        c.groups().forEach(a -> out.add(a.value()));
        c.aggregates().forEach(a -> out.add(a.value()));
        addIfPresent(out, c.intoExpr());
      }
      case Operation.Return r -> out.add(r.value());
      case Operation.Insert i -> {
        out.add(i.document());
        addIfPresent(out, i.options());
      }
      case Operation.Update u -> {
        out.add(u.key());
        addIfPresent(out, u.with());
        addIfPresent(out, u.options());
      }
      case Operation.Remove r -> {
        out.add(r.key());
        addIfPresent(out, r.options());
      }
      case Operation.Upsert u -> {
        out.add(u.search());
        out.add(u.insert());
        out.add(u.update());
        addIfPresent(out, u.options());
      }
    }
    return out;
  }

  static Operation.Target target(Operation op) {
    return switch (op) {
      case Operation.Insert i -> i.collection();
      case Operation.Update u -> u.collection();
      case Operation.Remove r -> r.collection();
      case Operation.Upsert u -> u.collection();
      default -> null;
    };
  }
}
