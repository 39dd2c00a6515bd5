package io.themisdb.engine.graph;

import java.util.List;

/**
 * What a traversal follows and how: the edge collections with their directions, the depths of the
 * paths it returns, the visiting order and how often a vertex or an edge may occur.
 *
 * @param weightAttribute the edge attribute (a dotted path) holding an edge's weight for {@link
 *     Order#WEIGHTED}; null: every edge weighs {@code defaultWeight}
 * @param defaultWeight the weight of an edge without a numeric weight attribute
 */
public record Traversal(
    List<EdgeSource> edges,
    int minDepth,
    int maxDepth,
    Order order,
    UniqueVertices uniqueVertices,
    UniqueEdges uniqueEdges,
    String weightAttribute,
    double defaultWeight) {

  public enum Order {
    /** Depth first: a path, then all paths that extend it. */
    DFS,
    /** Breadth first: every path of length n before any of length n + 1. */
    BFS,
    /** By increasing path weight. */
    WEIGHTED
  }

  public enum UniqueVertices {
    NONE,
    /** No vertex twice on one path. */
    PATH,
    /** Each vertex on at most one returned path: the first found (BFS) or lightest (weighted). */
    GLOBAL
  }

  public enum UniqueEdges {
    NONE,
    /** No edge twice on one path. */
    PATH
  }

  public Traversal {
    edges = List.copyOf(edges);
    if (edges.isEmpty()) {
      throw new IllegalArgumentException("a traversal needs at least one edge collection");
    }
    if (minDepth < 0 || maxDepth < minDepth) {
      throw new IllegalArgumentException(
          "depths must satisfy 0 <= min <= max, got " + minDepth + ".." + maxDepth);
    }
    if (uniqueVertices == UniqueVertices.GLOBAL && order == Order.DFS) {
      throw new IllegalArgumentException(
          "uniqueVertices 'global' needs order 'bfs' or 'weighted': depth first it would keep"
              + " whichever path it happened to find first");
    }
    if (!(defaultWeight >= 0) || Double.isInfinite(defaultWeight)) {
      throw new IllegalArgumentException("defaultWeight must be a finite number >= 0");
    }
  }

  /** ArangoDB's defaults: depth first, vertices may repeat, edges not on one path. */
  public static Traversal of(Direction direction, int minDepth, int maxDepth, String... edges) {
    return new Traversal(
        java.util.Arrays.stream(edges).map(e -> new EdgeSource(e, direction)).toList(),
        minDepth,
        maxDepth,
        Order.DFS,
        UniqueVertices.NONE,
        UniqueEdges.PATH,
        null,
        1);
  }

  public Traversal withOrder(Order o) {
    return new Traversal(
        edges, minDepth, maxDepth, o, uniqueVertices, uniqueEdges, weightAttribute, defaultWeight);
  }

  public Traversal withUniqueness(UniqueVertices v, UniqueEdges e) {
    return new Traversal(edges, minDepth, maxDepth, order, v, e, weightAttribute, defaultWeight);
  }

  public Traversal withWeights(String attribute, double defaultWeight) {
    return new Traversal(
        edges, minDepth, maxDepth, order, uniqueVertices, uniqueEdges, attribute, defaultWeight);
  }
}
