package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Expr.BinaryOp;
import io.themisdb.engine.aql.ast.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves FILTER conditions up the operation list, to right after the last loop or LET that declares
 * a variable they read, so that a join drops outer rows before running its inner loops, and the
 * outer loop's index selection and early scan filter see them. An AND is split into its parts; each
 * part moves on its own, the rest stays where it was written.
 *
 * <p>A part moves only past other FILTERs, loops ({@code FOR}, traversals, path searches) and LETs
 * whose expressions have no subquery and no volatile function, so rows are dropped exactly as
 * before: it never crosses SORT, LIMIT, COLLECT, a window LET or a data modification. A part
 * holding a subquery or a volatile function ({@code RAND}, {@code UUID}) stays where it is.
 */
final class FilterPushdown {
  private FilterPushdown() {}

  /** The operations with movable FILTER parts moved; {@code ops} itself when none moves. */
  static List<Operation> rewrite(List<Operation> ops) {
    List<Operation> out = new ArrayList<>(ops.size());
    boolean changed = false;
    for (Operation op : ops) {
      if (!(op instanceof Operation.Filter f)) {
        out.add(op);
        continue;
      }
      List<Expr> parts = new ArrayList<>();
      conjuncts(f.condition(), parts);
      List<Expr> stay = new ArrayList<>();
      for (Expr part : parts) {
        int at = target(out, part);
        if (at < 0) {
          stay.add(part);
        } else {
          out.add(at, new Operation.Filter(part));
          changed = true;
        }
      }
      if (stay.size() == parts.size()) {
        out.add(f); // nothing moved: keep the FILTER as written
      } else if (!stay.isEmpty()) {
        Expr rest = stay.getFirst();
        for (Expr e : stay.subList(1, stay.size())) {
          rest = new Expr.Binary(BinaryOp.AND, rest, e);
        }
        out.add(new Operation.Filter(rest));
      }
    }
    return changed ? List.copyOf(out) : ops;
  }

  /**
   * Where in {@code before} (the operations preceding the FILTER) the condition can run: right
   * after the last operation it depends on or cannot pass, and after the FILTERs already there; -1
   * when that leaves no loop to skip.
   */
  private static int target(List<Operation> before, Expr condition) {
    if (!movable(condition)) {
      return -1;
    }
    int at = 0;
    boolean loopPassed = false;
    for (int j = before.size() - 1; j >= 0; j--) {
      Operation op = before.get(j);
      if (declares(op).stream().anyMatch(n -> AstWalk.reads(condition, n)) || !transparent(op)) {
        at = j + 1;
        break;
      }
      if (!(op instanceof Operation.Filter) && !(op instanceof Operation.Let)) {
        loopPassed = true;
      }
    }
    if (!loopPassed) {
      return -1;
    }
    while (at < before.size() && before.get(at) instanceof Operation.Filter) {
      at++;
    }
    return at;
  }

  /** Whether a FILTER may run before {@code op} instead of after it, rows left the same. */
  private static boolean transparent(Operation op) {
    return switch (op) {
      case Operation.Filter f -> true;
      case Operation.Let l -> !(l.value() instanceof Expr.WindowCall) && movable(l.value());
      case Operation.For f -> AstWalk.expressions(f).stream().allMatch(FilterPushdown::movable);
      case Operation.Traverse t ->
          AstWalk.expressions(t).stream().allMatch(FilterPushdown::movable);
      case Operation.ShortestPath s ->
          AstWalk.expressions(s).stream().allMatch(FilterPushdown::movable);
      default -> false;
    };
  }

  private static List<String> declares(Operation op) {
    List<String> names = new ArrayList<>();
    switch (op) {
      case Operation.For f -> names.add(f.variable());
      case Operation.Let l -> names.add(l.variable());
      case Operation.Traverse t -> {
        names.add(t.vertex());
        if (t.edge() != null) {
          names.add(t.edge());
        }
        if (t.path() != null) {
          names.add(t.path());
        }
      }
      case Operation.ShortestPath s -> {
        names.add(s.vertex());
        if (s.edge() != null) {
          names.add(s.edge());
        }
      }
      default -> {}
    }
    return names;
  }

  /** Whether evaluating {@code e} more or less often, or earlier, cannot change anything. */
  private static boolean movable(Expr e) {
    if (e instanceof Expr.Subquery || e instanceof Expr.WindowCall) {
      return false;
    }
    if (e instanceof Expr.Call c && ScanProjection.isVolatile(c.function())) {
      return false;
    }
    return AstWalk.children(e).stream().allMatch(FilterPushdown::movable);
  }

  private static void conjuncts(Expr e, List<Expr> out) {
    if (e instanceof Expr.Binary(BinaryOp op, Expr l, Expr r) && op == BinaryOp.AND) {
      conjuncts(l, out);
      conjuncts(r, out);
    } else {
      out.add(e);
    }
  }
}
