package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.aql.exec.Eval;
import io.themisdb.engine.aql.exec.Scans;
import io.themisdb.engine.document.DocumentCodec;
import io.themisdb.engine.document.DocumentShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a collection scan must decode of each document (issue #4: a full-scan FILTER decoded every
 * whole document), and, through {@link #reads}, an index scan. Two things, each only when it is
 * certain:
 *
 * <ul>
 *   <li>FILTERs right after the FOR that read the loop variable only through top-level attributes
 *       run on those attributes first, so a document they drop is never decoded further. The
 *       FILTERs stay in the plan: a document that passes meets them again, whole.
 *   <li>When everything after the FOR reads the variable only through top-level attributes ({@code
 *       d.a}, {@code d.a.b}, {@code d["a"]}), documents are decoded with just those.
 * </ul>
 *
 * Anything that might read the whole document ({@code RETURN d}, a function given {@code d}, a
 * subquery, {@code COLLECT ... INTO} without an expression, an operation or expression kind this
 * class does not know) keeps whole documents.
 */
final class ScanProjection {
  /** Functions whose result differs between two calls with equal arguments. */
  private static final Set<String> VOLATILE = Set.of("RAND", "UUID");

  private ScanProjection() {}

  /**
   * The projection of {@code FOR variable IN collection} at {@code ops[at]}, or null when whole
   * documents are needed and no FILTER can run early. {@code scope} has the variable declared.
   */
  static Scans.Projection plan(
      Planner planner, String variable, List<Operation> ops, int at, Scope scope) {
    if (isBuiltIn(variable)) {
      return null;
    }
    List<Eval> filters = new ArrayList<>();
    List<String> filterTexts = new ArrayList<>();
    Set<String> filterNames = new TreeSet<>();
    for (int j = at + 1; j < ops.size() && ops.get(j) instanceof Operation.Filter f; j++) {
      Set<String> names = new TreeSet<>();
      if (attributes(f.condition(), variable, names)
          && !callsVolatile(f.condition())
          && AstWalk.onlyReads(f.condition(), variable, n -> scope.slot(n) >= 0)) {
        filters.add(planner.compile(f.condition(), scope));
        filterTexts.add(ExprText.of(f.condition()));
        filterNames.addAll(names);
      }
    }
    Set<String> fields = readNames(variable, ops, at);
    boolean projected = fields != null;
    if (!projected && filters.isEmpty()) {
      return null;
    }
    return new Scans.Projection(
        projected ? fieldsOf(fields) : null,
        filters.isEmpty() ? null : fieldsOf(filterNames),
        List.copyOf(filters),
        describe(projected ? fields : null, filterTexts));
  }

  /**
   * What everything after {@code FOR variable} at {@code ops[at]} reads of each document, or null
   * when it may read whole documents: what an index scan decodes.
   */
  static DocumentCodec.Fields reads(String variable, List<Operation> ops, int at) {
    if (isBuiltIn(variable)) {
      return null;
    }
    Set<String> names = readNames(variable, ops, at);
    return names == null ? null : fieldsOf(names);
  }

  /** The variables AQL binds itself, whose documents are not a scan's to narrow. */
  private static boolean isBuiltIn(String variable) {
    return variable.equals(Expr.CURRENT) || variable.equals("NEW") || variable.equals("OLD");
  }

  private static Set<String> readNames(String variable, List<Operation> ops, int at) {
    Set<String> names = new TreeSet<>();
    for (int j = at + 1; j < ops.size(); j++) {
      if (!attributes(ops.get(j), variable, names)) {
        return null;
      }
    }
    return names;
  }

  /** {@code _id} is not stored: it is made from {@code _key}, which must then be read too. */
  private static DocumentCodec.Fields fieldsOf(Set<String> names) {
    Set<String> stored = new TreeSet<>(names);
    if (stored.remove(DocumentShape.ID)) {
      stored.add(DocumentShape.KEY);
    }
    return new DocumentCodec.Fields(stored);
  }

  private static String describe(Set<String> fields, List<String> filters) {
    StringBuilder out = new StringBuilder();
    if (!filters.isEmpty()) {
      out.append(", early filter ").append(String.join(" && ", filters));
    }
    if (fields != null) {
      out.append(", reads only [").append(String.join(", ", fields)).append(']');
    }
    return out.toString();
  }

  /** Adds the attributes {@code op} reads of the variable; false if it may read all of it. */
  private static boolean attributes(Operation op, String variable, Set<String> into) {
    boolean known =
        switch (op) {
          case Operation.Collect c ->
              (c.into() == null || c.intoExpr() != null) && !c.keep().contains(variable);
          case Operation.For f -> !f.variable().equals(variable);
          case Operation.Let l -> !l.variable().equals(variable);
          case Operation.Filter f -> true;
          case Operation.Sort s -> true;
          case Operation.Limit l -> true;
          case Operation.Return r -> true;
          case Operation.Insert i -> true;
          case Operation.Update u -> true;
          case Operation.Remove r -> true;
          case Operation.Upsert u -> true;
          default -> false;
        };
    if (!known) {
      return false;
    }
    for (Expr e : AstWalk.expressions(op)) {
      if (!attributes(e, variable, into)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds the top-level attributes {@code e} reads of the variable; false when it reads the variable
   * otherwise, or might (a subquery, an expression kind not listed here).
   */
  private static boolean attributes(Expr e, String variable, Set<String> into) {
    switch (e) {
      case Expr.Attribute(Expr.Name(String n), String name) when n.equals(variable) -> {
        into.add(name);
        return true;
      }
      case Expr.Index(Expr.Name(String n), Expr.Literal(var v)) when n.equals(variable) -> {
        if (!v.isString()) {
          return false;
        }
        into.add(v.stringValue());
        return true;
      }
      case Expr.Name(String n) -> {
        return !n.equals(variable);
      }
      case Expr.Literal l -> {
        return true;
      }
      case Expr.BindParameter b -> {
        return true;
      }
      case Expr.BindCollection b -> {
        return true;
      }
      case Expr.Attribute a -> {
        return children(e, variable, into);
      }
      case Expr.Index i -> {
        return children(e, variable, into);
      }
      case Expr.Expansion x -> {
        return children(e, variable, into);
      }
      case Expr.Unary u -> {
        return children(e, variable, into);
      }
      case Expr.Binary b -> {
        return children(e, variable, into);
      }
      case Expr.Quantified q -> {
        return children(e, variable, into);
      }
      case Expr.Ternary t -> {
        return children(e, variable, into);
      }
      case Expr.Range r -> {
        return children(e, variable, into);
      }
      case Expr.ArrayLiteral a -> {
        return children(e, variable, into);
      }
      case Expr.ObjectLiteral o -> {
        return children(e, variable, into);
      }
      case Expr.Call c -> {
        return children(e, variable, into);
      }
      case Expr.WindowCall w -> {
        return children(e, variable, into);
      }
      default -> {
        return false;
      }
    }
  }

  private static boolean children(Expr e, String variable, Set<String> into) {
    for (Expr c : AstWalk.children(e)) {
      if (!attributes(c, variable, into)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the function may return different results for equal arguments. */
  static boolean isVolatile(String function) {
    return VOLATILE.contains(function.toUpperCase(java.util.Locale.ROOT));
  }

  private static boolean callsVolatile(Expr e) {
    if (e instanceof Expr.Call c && isVolatile(c.function())) {
      return true;
    }
    for (Expr c : AstWalk.children(e)) {
      if (callsVolatile(c)) {
        return true;
      }
    }
    return false;
  }
}
