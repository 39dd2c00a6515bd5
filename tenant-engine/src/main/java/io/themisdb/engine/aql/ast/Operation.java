package io.themisdb.engine.aql.ast;

import java.util.List;

/** One operation of a query, in the order written. */
public sealed interface Operation {

  /** {@code FOR variable IN source}: a collection, an array, a range or a subquery. */
  record For(String variable, Expr source, Expr options) implements Operation {}

  record Filter(Expr condition) implements Operation {}

  record Let(String variable, Expr value) implements Operation {}

  record Sort(List<SortKey> keys) implements Operation {
    public Sort {
      keys = List.copyOf(keys);
    }
  }

  /** {@code LIMIT offset, count}; offset is null when only a count is given. */
  record Limit(Expr offset, Expr count) implements Operation {}

  record Assignment(String variable, Expr value) {}

  /**
   * {@code COLLECT groups AGGREGATE aggregates INTO into = intoExpr KEEP keep WITH COUNT INTO
   * countInto}; absent parts are empty lists or null.
   */
  record Collect(
      List<Assignment> groups,
      List<Assignment> aggregates,
      String into,
      Expr intoExpr,
      List<String> keep,
      String countInto,
      Expr options)
      implements Operation {
    public Collect {
      groups = List.copyOf(groups);
      aggregates = List.copyOf(aggregates);
      keep = List.copyOf(keep);
    }
  }

  record Return(Expr value, boolean distinct) implements Operation {}

  /** The collection of a data modification: a name or a {@link Expr.BindCollection}. */
  sealed interface Target {}

  record Named(String name) implements Target {}

  record Bound(String parameter) implements Target {}

  record Insert(Expr document, Target collection, Expr options) implements Operation {}

  /** UPDATE or REPLACE; {@code key} names the document, {@code with} is null without WITH. */
  record Update(boolean replace, Expr key, Expr with, Target collection, Expr options)
      implements Operation {}

  record Remove(Expr key, Target collection, Expr options) implements Operation {}

  record Upsert(
      Expr search, Expr insert, Expr update, boolean replace, Target collection, Expr options)
      implements Operation {}
}
