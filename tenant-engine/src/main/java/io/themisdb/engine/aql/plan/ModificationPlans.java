package io.themisdb.engine.aql.plan;

import io.themisdb.engine.aql.ast.Expr;
import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.aql.exec.Eval;
import io.themisdb.engine.aql.exec.Modification;

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
}
