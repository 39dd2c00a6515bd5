package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.aql.ast.SortKey;
import io.themisdb.engine.aql.value.Values;
import java.util.List;
import java.util.stream.Collectors;

/** AQL text of an expression, for EXPLAIN and error messages. */
final class ExprText {
  private ExprText() {}

  static String of(Expr e) {
    return switch (e) {
      case null -> "";
      case Expr.Literal(var v) -> v.isString() ? Values.JSON.writeValueAsString(v) : v.toString();
      case Expr.Name(var n) -> n;
      case Expr.BindParameter(var n) -> "@" + n;
      case Expr.BindCollection(var n) -> "@@" + n;
      case Expr.Attribute(var o, var n) -> of(o) + "." + n;
      case Expr.Index(var v, var i) -> of(v) + "[" + of(i) + "]";
      case Expr.Expansion x ->
          of(x.array())
              + "["
              + "*".repeat(x.depth())
              + (x.filter() == null ? "" : " FILTER " + of(x.filter()))
              + (x.count() == null
                  ? ""
                  : " LIMIT " + (x.offset() == null ? "" : of(x.offset()) + ", ") + of(x.count()))
              + (x.projection() == null ? "" : " RETURN " + of(x.projection()))
              + "]";
      case Expr.Unary(var op, var v) ->
          switch (op) {
            case NOT -> "NOT " + of(v);
            case MINUS -> "-" + of(v);
            case PLUS -> "+" + of(v);
          };
      case Expr.Binary(var op, var l, var r) -> "(" + of(l) + " " + op.symbol + " " + of(r) + ")";
      case Expr.Quantified(var q, var op, var l, var r) ->
          "(" + of(l) + " " + q + " " + op.symbol + " " + of(r) + ")";
      case Expr.Ternary(var c, var t, var o) ->
          "(" + of(c) + " ? " + (t == null ? "" : of(t) + " ") + ": " + of(o) + ")";
      case Expr.Range(var f, var t) -> of(f) + ".." + of(t);
      case Expr.ArrayLiteral(var els) -> "[" + list(els) + "]";
      case Expr.ObjectLiteral(var entries) ->
          "{"
              + entries.stream()
                  .map(
                      en ->
                          (en.name() != null ? en.name() : "[" + of(en.computedName()) + "]")
                              + ": "
                              + of(en.value()))
                  .collect(Collectors.joining(", "))
              + "}";
      case Expr.Call(var f, var args) -> f + "(" + list(args) + ")";
      case Expr.WindowCall w ->
          w.function()
              + "("
              + list(w.arguments())
              + ") OVER (PARTITION BY "
              + list(w.partitionBy())
              + " ORDER BY "
              + sortKeys(w.orderBy())
              + ")";
      case Expr.Subquery s -> "(subquery of " + s.query().operations().size() + " operations)";
    };
  }

  static String list(List<Expr> exprs) {
    return exprs.stream().map(ExprText::of).collect(Collectors.joining(", "));
  }

  static String sortKeys(List<SortKey> keys) {
    return keys.stream()
        .map(k -> of(k.expr()) + (k.descending() ? " DESC" : " ASC"))
        .collect(Collectors.joining(", "));
  }

  static String target(Operation.Target t) {
    return switch (t) {
      case Operation.Named(var n) -> n;
      case Operation.Bound(var p) -> "@@" + p;
    };
  }
}
