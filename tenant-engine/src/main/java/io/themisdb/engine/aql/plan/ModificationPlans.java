package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.aql.exec.Eval;
import io.themisdb.engine.aql.exec.Modification;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexState;

/** Plans INSERT, UPDATE, REPLACE, REMOVE and UPSERT, which set NEW and OLD. */
final class ModificationPlans {
  private final Planner planner;

  ModificationPlans(Planner planner) {
    this.planner = planner;
  }

  private Eval compile(Expr e, Scope scope) {
    return planner.compile(e, scope);
  }

  private int newSlot() {
    return planner.newSlot();
  }

  PlanNode modify(PlanNode input, Operation op, Scope scope) {
    String collection = planner.collection(AstWalk.target(op));
    planner.database().collection(collection);
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
                oldSlot,
                upsertIndex(collection, u.search()));
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

  /**
   * A READY non-sparse index whose leading attributes all appear in the UPSERT's search object
   * literal (the more of them the better), or null.
   */
  private Modification.UpsertIndex upsertIndex(String collection, Expr search) {
    if (!(search instanceof Expr.ObjectLiteral(var entries))) {
      return null;
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Expr.ObjectLiteral.Entry e : entries) {
      if (e.name() != null) {
        names.add(e.name());
      }
    }
    Modification.UpsertIndex best = null;
    for (IndexDefinition d : planner.database().indexes(collection)) {
      if (d.state() != IndexState.READY || d.sparse()) {
        continue;
      }
      int n = 0;
      while (n < d.fields().size() && names.contains(d.fields().get(n))) {
        n++;
      }
      if (n > 0 && (best == null || n > best.fields().size())) {
        best = new Modification.UpsertIndex(d.name(), d.fields().subList(0, n));
      }
    }
    return best;
  }
}
