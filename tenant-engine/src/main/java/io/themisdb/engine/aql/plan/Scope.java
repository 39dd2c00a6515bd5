package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.AqlSemanticException;
import io.themisdb.engine.aql.AqlSemanticException.Kind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables visible at a point of a query, by name, with their row slots. A subquery's scope
 * sees its outer scope; COLLECT hides the variables of its own level.
 */
final class Scope {
  private final Scope outer;
  private final Map<String, Integer> variables = new LinkedHashMap<>();

  Scope(Scope outer) {
    this.outer = outer;
  }

  /** The slot of {@code name}, or -1 when no such variable is visible. */
  int slot(String name) {
    Integer s = variables.get(name);
    if (s != null) {
      return s;
    }
    return outer == null ? -1 : outer.slot(name);
  }

  void declare(String name, int slot) {
    if (slot(name) >= 0) {
      throw new AqlSemanticException(
          Kind.VARIABLE_REDECLARED, "variable '" + name + "' is assigned multiple times");
    }
    variables.put(name, slot);
  }

  /** Declares a name that may shadow or replace an earlier one (NEW, OLD, CURRENT). */
  void redeclare(String name, int slot) {
    variables.put(name, slot);
  }

  /** The variables of this level, in declaration order; what COLLECT ... INTO captures. */
  Map<String, Integer> own() {
    return new LinkedHashMap<>(variables);
  }

  void hideOwn() {
    variables.clear();
  }
}
