package io.themisdb.platform.query;

import io.themisdb.engine.aql.ast.Operation;
import io.themisdb.engine.aql.ast.Query;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Optional;

/**
 * Whether a parsed query writes: it holds an INSERT, UPDATE, REPLACE, REMOVE or UPSERT anywhere,
 * subqueries included. The scope check needs the answer before the query runs, since a writing
 * query has committed its writes by the time the engine reports {@code writesExecuted}.
 *
 * <p>The walk goes through record components generically rather than naming every expression kind,
 * so a new expression that nests a subquery is walked without a change here.
 */
final class QueryWrites {

  private QueryWrites() {}

  static boolean modifies(Query query) {
    return writes(query);
  }

  private static boolean writes(Object node) {
    return switch (node) {
      case Operation.Insert _, Operation.Update _, Operation.Remove _, Operation.Upsert _ -> true;
      case Record r -> components(r);
      case Collection<?> c -> c.stream().anyMatch(QueryWrites::writes);
      case Optional<?> o -> o.map(QueryWrites::writes).orElse(false);
      case null, default -> false;
    };
  }

  private static boolean components(Record r) {
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      if (c.getType().isPrimitive() || c.getType() == String.class) {
        continue;
      }
      try {
        if (writes(c.getAccessor().invoke(r))) {
          return true;
        }
      } catch (IllegalAccessException | InvocationTargetException e) {
        // Cannot happen for the engine's public AST records; refuse rather than guess "reads".
        throw new IllegalStateException("cannot inspect " + r.getClass().getName(), e);
      }
    }
    return false;
  }
}
