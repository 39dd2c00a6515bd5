package io.themisdb.engine.graph;

import io.themisdb.engine.ScanPage;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.Transaction;
import io.themisdb.engine.document.DocumentShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whole-graph algorithms over one vertex collection and its edges, run in memory on a snapshot:
 * PageRank and weakly connected components. Edges whose ends are not both vertices of the
 * collection are left out. The graph is bounded by {@link GraphScope#maxVertices} and {@link
 * GraphScope#maxEdges}: a larger one fails with {@link GraphException} before its edges are read.
 *
 * <p>The edges come from the edge collections' in-memory adjacency ({@link AdjacencyCache}, built
 * on first use like a traversal's) when it fits in the graph cache, else from the edge index; the
 * results are the same.
 */
public final class GraphAlgorithms {
  private static final int PAGE = 1000;

  private GraphAlgorithms() {}

  /**
   * The graph to run on.
   *
   * @param maxVertices the most vertices the run may load
   * @param maxEdges the most edges (between loaded vertices) the run may load
   */
  public record GraphScope(
      String vertexCollection, List<String> edgeCollections, int maxVertices, long maxEdges) {
    public GraphScope {
      edgeCollections = List.copyOf(edgeCollections);
      if (maxVertices <= 0 || maxEdges < 0) {
        throw new IllegalArgumentException("maxVertices must be > 0 and maxEdges >= 0");
      }
    }
  }

  /**
   * PageRank scores, summing to 1, by vertex id.
   *
   * @param iterations the iterations run
   * @param converged whether the last iteration changed the scores by less than the tolerance
   */
  public record PageRank(Map<String, Double> ranks, int iterations, boolean converged) {}

  /**
   * Weakly connected components: each vertex id mapped to its component's smallest vertex id.
   *
   * @param count the number of components
   */
  public record Components(Map<String, String> componentOf, int count) {}

  /**
   * PageRank with damping {@code damping}, iterated until the scores change by less than {@code
   * tolerance} (L1 norm) or {@code maxIterations} ran. A vertex without outbound edges spreads its
   * score over all vertices.
   */
  public static PageRank pageRank(
      TenantDatabase database,
      GraphScope scope,
      double damping,
      int maxIterations,
      double tolerance) {
    if (!(damping >= 0 && damping <= 1) || maxIterations < 1 || !(tolerance >= 0)) {
      throw new IllegalArgumentException(
          "need 0 <= damping <= 1, maxIterations >= 1 and tolerance >= 0");
    }
    Graph g = load(database, scope);
    int n = g.ids.length;
    if (n == 0) {
      return new PageRank(Map.of(), 0, true);
    }
    int[] outDegree = new int[n];
    for (int i = 0; i < g.edges; i++) {
      outDegree[g.from[i]]++;
    }
    double[] rank = new double[n];
    Arrays.fill(rank, 1.0 / n);
    double[] next = new double[n];
    int iteration = 0;
    boolean converged = false;
    while (iteration < maxIterations && !converged) {
      iteration++;
      double dangling = 0;
      for (int v = 0; v < n; v++) {
        if (outDegree[v] == 0) {
          dangling += rank[v];
        }
      }
      Arrays.fill(next, (1 - damping) / n + damping * dangling / n);
      for (int i = 0; i < g.edges; i++) {
        next[g.to[i]] += damping * rank[g.from[i]] / outDegree[g.from[i]];
      }
      double delta = 0;
      for (int v = 0; v < n; v++) {
        delta += Math.abs(next[v] - rank[v]);
      }
      double[] t = rank;
      rank = next;
      next = t;
      converged = delta < tolerance;
    }
    Map<String, Double> ranks = new LinkedHashMap<>();
    for (int v = 0; v < n; v++) {
      ranks.put(g.ids[v], rank[v]);
    }
    return new PageRank(ranks, iteration, converged);
  }

  /** Weakly connected components: edges connect their ends whatever their direction. */
  public static Components connectedComponents(TenantDatabase database, GraphScope scope) {
    Graph g = load(database, scope);
    int n = g.ids.length;
    int[] parent = new int[n];
    for (int v = 0; v < n; v++) {
      parent[v] = v;
    }
    for (int i = 0; i < g.edges; i++) {
      int a = find(parent, g.from[i]);
      int b = find(parent, g.to[i]);
      // Vertices are loaded in id order, so the smaller index names the component.
      if (a < b) {
        parent[b] = a;
      } else if (b < a) {
        parent[a] = b;
      }
    }
    Map<String, String> componentOf = new LinkedHashMap<>();
    int count = 0;
    for (int v = 0; v < n; v++) {
      int root = find(parent, v);
      if (root == v) {
        count++;
      }
      componentOf.put(g.ids[v], g.ids[root]);
    }
    return new Components(componentOf, count);
  }

  private static int find(int[] parent, int v) {
    while (parent[v] != v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  }

  /** The vertices (in key order) and the edges between them, as vertex indexes. */
  private static final class Graph {
    String[] ids;
    int[] from = new int[16];
    int[] to = new int[16];
    int edges;

    void add(int f, int t) {
      if (edges == from.length) {
        from = Arrays.copyOf(from, edges * 2);
        to = Arrays.copyOf(to, edges * 2);
      }
      from[edges] = f;
      to[edges] = t;
      edges++;
    }
  }

  private static Graph load(TenantDatabase database, GraphScope scope) {
    try (Transaction txn = database.begin()) {
      Graph g = new Graph();
      List<String> ids = new ArrayList<>();
      String prefix = scope.vertexCollection() + "/";
      String after = null;
      do {
        ScanPage page = txn.scan(scope.vertexCollection(), after, PAGE);
        for (ObjectNode d : page.documents()) {
          if (ids.size() == scope.maxVertices()) {
            throw new GraphException(
                "collection '"
                    + scope.vertexCollection()
                    + "' has more than "
                    + scope.maxVertices()
                    + " vertices, the most this graph algorithm may load");
          }
          ids.add(prefix + d.get(DocumentShape.KEY).stringValue());
        }
        after = page.resumeAfter();
      } while (after != null);
      // In key order, which is the edge index's: the edges come in the same order from the
      // in-memory adjacency and from the index, so the sums (PageRank) are bit for bit the same.
      g.ids = ids.toArray(String[]::new);
      for (String edges : scope.edgeCollections()) {
        txn.forEachEdgeAmong(
            edges,
            g.ids,
            (a, b) -> {
              if (g.edges == scope.maxEdges()) {
                throw new GraphException(
                    "the graph has more than "
                        + scope.maxEdges()
                        + " edges, the most this graph algorithm may load");
              }
              g.add(a, b);
            });
      }
      return g;
    }
  }
}
