package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.AqlSemanticException;
import io.themisdb.engine.aql.AqlSemanticException.Kind;
import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.exec.Eval;
import io.themisdb.engine.aql.exec.Expressions;
import io.themisdb.engine.aql.exec.WindowOperator;
import io.themisdb.engine.aql.functions.AqlFunction;
import io.themisdb.engine.aql.functions.FunctionLibrary;
import io.themisdb.engine.aql.value.Values;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Compiles expressions into {@link Eval}s with variables resolved to row slots. */
final class ExpressionCompiler {
  private final Planner planner;

  ExpressionCompiler(Planner planner) {
    this.planner = planner;
  }

  Eval compile(Expr e, Scope scope) {
    return switch (e) {
      case Expr.Literal(JsonNode v) -> constant(v);
      case Expr.Name(String name) -> {
        int slot = scope.slot(name);
        if (slot < 0) {
          throw new AqlSemanticException(
              Kind.UNKNOWN_VARIABLE,
              "variable '"
                  + name
                  + "' is not declared (a collection can only be named after FOR ... IN and as the"
                  + " target of INSERT, UPDATE, REPLACE, REMOVE or UPSERT)");
        }
        yield row -> Values.orNull(row[slot]);
      }
      case Expr.BindParameter(String name) -> constant(planner.bindValue(name));
      case Expr.BindCollection(String name) ->
          throw new AqlSemanticException(
              Kind.INVALID_QUERY,
              "@@"
                  + name
                  + " names a collection; it can only follow FOR ... IN or be the target of a"
                  + " data modification");
      case Expr.Attribute(Expr object, String name) -> attribute(compile(object, scope), name);
      case Expr.Index(Expr value, Expr index) -> {
        Eval v = compile(value, scope);
        Eval i = compile(index, scope);
        yield row -> Expressions.index(v.eval(row), i.eval(row));
      }
      case Expr.Expansion x -> expansion(x, scope);
      case Expr.Unary(Expr.UnaryOp op, Expr operand) -> {
        Eval v = compile(operand, scope);
        yield switch (op) {
          case NOT -> row -> Values.bool(!Values.truthy(v.eval(row)));
          case MINUS -> row -> Expressions.negate(v.eval(row));
          case PLUS -> row -> Values.toNumber(v.eval(row));
        };
      }
      case Expr.Binary(Expr.BinaryOp op, Expr left, Expr right) -> binary(op, left, right, scope);
      case Expr.Quantified(Expr.Quantifier q, Expr.BinaryOp op, Expr left, Expr right) -> {
        Eval l = compile(left, scope);
        Eval r = compile(right, scope);
        yield row -> Expressions.quantified(q, op, l.eval(row), r.eval(row));
      }
      case Expr.Ternary(Expr condition, Expr then, Expr otherwise) -> {
        Eval c = compile(condition, scope);
        Eval t = then == null ? null : compile(then, scope);
        Eval o = compile(otherwise, scope);
        yield row -> {
          JsonNode cv = c.eval(row);
          if (Values.truthy(cv)) {
            return t == null ? cv : t.eval(row);
          }
          return o.eval(row);
        };
      }
      case Expr.Range(Expr from, Expr to) -> {
        Eval f = compile(from, scope);
        Eval t = compile(to, scope);
        yield row -> Expressions.range(f.eval(row), t.eval(row));
      }
      case Expr.ArrayLiteral(List<Expr> elements) -> array(elements, scope);
      case Expr.ObjectLiteral(List<Expr.ObjectLiteral.Entry> entries) -> object(entries, scope);
      case Expr.Call(String function, List<Expr> args) -> call(function, args, scope);
      case Expr.WindowCall w ->
          throw new AqlSemanticException(
              Kind.INVALID_QUERY,
              "window function "
                  + w.function()
                  + "() OVER (...) must be the whole value of a LET, as in LET r = "
                  + w.function()
                  + "() OVER (...)");
      case Expr.Subquery(var query) -> planner.subquery(query, scope);
    };
  }

  private static Eval constant(JsonNode v) {
    JsonNode c = Values.orNull(v);
    return row -> c;
  }

  private static Eval attribute(Eval object, String name) {
    return row -> Values.attribute(object.eval(row), name);
  }

  private Eval binary(Expr.BinaryOp op, Expr left, Expr right, Scope scope) {
    Eval l = compile(left, scope);
    Eval r = compile(right, scope);
    return switch (op) {
      case AND ->
          row -> {
            JsonNode a = l.eval(row);
            return Values.truthy(a) ? r.eval(row) : a;
          };
      case OR ->
          row -> {
            JsonNode a = l.eval(row);
            return Values.truthy(a) ? a : r.eval(row);
          };
      case EQ -> row -> Values.bool(Values.equal(l.eval(row), r.eval(row)));
      default -> row -> Expressions.binary(op, l.eval(row), r.eval(row));
    };
  }

  private Eval expansion(Expr.Expansion x, Scope scope) {
    Eval array = compile(x.array(), scope);
    Scope inner = new Scope(scope);
    int current = planner.newSlot();
    inner.redeclare(Expr.CURRENT, current);
    Eval filter = x.filter() == null ? null : compile(x.filter(), inner);
    Eval offset = x.offset() == null ? null : compile(x.offset(), scope);
    Eval count = x.count() == null ? null : compile(x.count(), scope);
    Eval projection = x.projection() == null ? null : compile(x.projection(), inner);
    int flatten = x.depth() - 1;
    return row -> {
      JsonNode v = array.eval(row);
      ArrayNode out = Values.array();
      if (!v.isArray()) {
        return out;
      }
      if (flatten > 0) {
        v = flatten(v, flatten, Values.array());
      }
      long skip = offset == null ? 0 : (long) Values.toDouble(offset.eval(row));
      long take = count == null ? Long.MAX_VALUE : (long) Values.toDouble(count.eval(row));
      JsonNode[] r = row.clone();
      for (JsonNode element : v.values()) {
        if (take <= 0) {
          break;
        }
        r[current] = element;
        if (filter != null && !Values.truthy(filter.eval(r))) {
          continue;
        }
        if (skip > 0) {
          skip--;
          continue;
        }
        out.add(projection == null ? element : projection.eval(r));
        take--;
      }
      return out;
    };
  }

  private static ArrayNode flatten(JsonNode array, int depth, ArrayNode out) {
    for (JsonNode v : array.values()) {
      if (v.isArray() && depth > 0) {
        flatten(v, depth - 1, out);
      } else {
        out.add(v);
      }
    }
    return out;
  }

  private Eval array(List<Expr> elements, Scope scope) {
    List<Eval> parts = new ArrayList<>();
    for (Expr e : elements) {
      parts.add(compile(e, scope));
    }
    return row -> {
      ArrayNode out = Values.array();
      for (Eval p : parts) {
        out.add(p.eval(row));
      }
      return out;
    };
  }

  private Eval object(List<Expr.ObjectLiteral.Entry> entries, Scope scope) {
    int n = entries.size();
    String[] names = new String[n];
    Eval[] computed = new Eval[n];
    Eval[] values = new Eval[n];
    for (int i = 0; i < n; i++) {
      Expr.ObjectLiteral.Entry en = entries.get(i);
      names[i] = en.name();
      computed[i] = en.computedName() == null ? null : compile(en.computedName(), scope);
      values[i] = compile(en.value(), scope);
    }
    return row -> {
      ObjectNode out = Values.object();
      for (int i = 0; i < n; i++) {
        String name = names[i] != null ? names[i] : Values.toText(computed[i].eval(row));
        out.set(name, values[i].eval(row));
      }
      return out;
    };
  }

  private Eval call(String name, List<Expr> args, Scope scope) {
    if (WindowOperator.isWindowFunction(name) && FunctionLibrary.find(name).isEmpty()) {
      throw new AqlSemanticException(
          Kind.INVALID_QUERY, name + "() is a window function and needs OVER (...)");
    }
    AqlFunction f =
        FunctionLibrary.find(name)
            .orElseThrow(
                () ->
                    new AqlSemanticException(
                        Kind.UNKNOWN_FUNCTION, "unknown function " + name + "()"));
    if (args.size() < f.minArgs() || (f.maxArgs() >= 0 && args.size() > f.maxArgs())) {
      throw new AqlSemanticException(
          Kind.ARGUMENT_COUNT,
          name + "() takes " + f.arity() + ", but was called with " + args.size());
    }
    Eval[] compiled = new Eval[args.size()];
    for (int i = 0; i < compiled.length; i++) {
      compiled[i] = compile(args.get(i), scope);
    }
    AqlFunction.Body body = f.body();
    return row -> {
      List<JsonNode> values = new ArrayList<>(compiled.length);
      for (Eval c : compiled) {
        values.add(Values.orNull(c.eval(row)));
      }
      return Values.orNull(body.apply(values, planner.context()));
    };
  }
}
