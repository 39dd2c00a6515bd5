package io.themisdb.engine.aql.ast;

import io.themisdb.engine.graph.Direction;
import java.util.List;

/** One operation of a query, in the order written. */
public sealed interface Operation {

  /** {@code FOR variable IN source}: a collection, an array, a range or a subquery. */
  record For(String variable, Expr source, Expr options) implements Operation {}

  /**
   * {@code FOR vertex, edge, path IN min..max direction start edges PRUNE prune OPTIONS options}: a
   * graph traversal; {@code edge}, {@code path}, {@code prune} and {@code options} may be null.
   */
  record Traverse(
      String vertex,
      String edge,
      String path,
      Expr minDepth,
      Expr maxDepth,
      Direction direction,
      Expr start,
      List<EdgeCollection> edges,
      Expr prune,
      Expr options)
      implements Operation {
    public Traverse {
      edges = List.copyOf(edges);
    }
  }

  /**
   * {@code FOR vertex, edge IN direction SHORTEST_PATH start TO target edges OPTIONS options}, or
   * with {@code kPaths} {@code FOR vertex IN direction K_SHORTEST_PATHS ...}, where {@code vertex}
   * names the path; {@code edge} and {@code options} may be null.
   */
  record ShortestPath(
      boolean kPaths,
      String vertex,
      String edge,
      Direction direction,
      Expr start,
      Expr target,
      List<EdgeCollection> edges,
      Expr options)
      implements Operation {
    public ShortestPath {
      edges = List.copyOf(edges);
    }
  }

  /** An edge collection of a graph operation, with its own direction or null for the default. */
  record EdgeCollection(Direction direction, Target collection) {}

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
