package io.themisdb.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.Transaction;
import io.themisdb.engine.catalog.CollectionType;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * PageRank, connected components and the Java traversal API, against plain reference code; with the
 * graph cache off (the algorithms read the edge index) and on (they read the in-memory adjacency).
 */
@ParameterizedClass(name = "graph cache {0} bytes")
@ValueSource(longs = {0, 256L << 20})
class GraphAlgorithmsTest {
  @Parameter long graphCacheBytes;
  @TempDir java.nio.file.Path root;
  EngineHost host;
  TenantDatabase db;
  final List<int[]> edges = new ArrayList<>();
  static final int N = 40;

  EngineHost start(long cacheBytes) {
    return EngineHost.start(
        EngineSettings.defaults(root)
            .withMemoryBudget(32L << 20)
            .withIdleTimeout(Duration.ZERO)
            .withLockTimeout(Duration.ofMillis(200))
            .withGraphCacheBytes(cacheBytes));
  }

  @BeforeEach
  void start() {
    host = start(graphCacheBytes);
    db = host.create("g");
    db.createCollection("v", CollectionType.DOCUMENT);
    db.createCollection("e", CollectionType.EDGE);
    db.createCollection("f", CollectionType.EDGE);
    Random r = new Random(42);
    for (int i = 0; i < N; i++) {
      db.insert("v", object("_key", "k" + (char) ('a' + i / 26) + (char) ('a' + i % 26)));
    }
    for (int i = 0; i < 45; i++) {
      int a = r.nextInt(N);
      int b = r.nextInt(N);
      edges.add(new int[] {a, b});
      db.insert(i % 3 == 0 ? "f" : "e", edge(id(a), id(b)));
    }
    // An edge to a vertex outside the collection is left out.
    db.insert("e", edge(id(0), "w/elsewhere"));
  }

  @AfterEach
  void stop() {
    host.close();
  }

  static String id(int i) {
    return "v/k" + (char) ('a' + i / 26) + (char) ('a' + i % 26);
  }

  static ObjectNode object(String k, String v) {
    return JsonNodeFactory.instance.objectNode().put(k, v);
  }

  static ObjectNode edge(String from, String to) {
    return JsonNodeFactory.instance.objectNode().put("_from", from).put("_to", to);
  }

  GraphAlgorithms.GraphScope scope() {
    return new GraphAlgorithms.GraphScope("v", List.of("e", "f"), 1000, 1000);
  }

  @Test
  void pageRankMatchesPlainPowerIteration() {
    double d = 0.85;
    double[] rank = new double[N];
    java.util.Arrays.fill(rank, 1.0 / N);
    int[] out = new int[N];
    edges.forEach(e -> out[e[0]]++);
    for (int it = 0; it < 200; it++) {
      double[] next = new double[N];
      double dangling = 0;
      for (int v = 0; v < N; v++) {
        dangling += out[v] == 0 ? rank[v] : 0;
      }
      for (int v = 0; v < N; v++) {
        next[v] = (1 - d) / N + d * dangling / N;
      }
      for (int[] e : edges) {
        next[e[1]] += d * rank[e[0]] / out[e[0]];
      }
      rank = next;
    }
    GraphAlgorithms.PageRank result = GraphAlgorithms.pageRank(db, scope(), d, 500, 1e-12);
    // The run read the in-memory adjacency (building it) exactly when there is a cache.
    assertThat(host.graphCacheBytes() > 0).isEqualTo(graphCacheBytes > 0);
    assertThat(result.converged()).isTrue();
    assertThat(result.ranks()).hasSize(N);
    for (int v = 0; v < N; v++) {
      assertThat(result.ranks().get(id(v))).as(id(v)).isCloseTo(rank[v], within(1e-9));
    }
    assertThat(result.ranks().values().stream().mapToDouble(x -> x).sum())
        .isCloseTo(1.0, within(1e-9));
    GraphAlgorithms.PageRank capped = GraphAlgorithms.pageRank(db, scope(), d, 3, 0);
    assertThat(capped.iterations()).isEqualTo(3);
    assertThat(capped.converged()).isFalse();
  }

  @Test
  void componentsMatchAPlainSearch() {
    Map<Integer, List<Integer>> adj = new HashMap<>();
    for (int[] e : edges) {
      adj.computeIfAbsent(e[0], k -> new ArrayList<>()).add(e[1]);
      adj.computeIfAbsent(e[1], k -> new ArrayList<>()).add(e[0]);
    }
    Map<String, String> expected = new HashMap<>();
    Set<Integer> seen = new HashSet<>();
    int count = 0;
    for (int s = 0; s < N; s++) {
      if (!seen.add(s)) {
        continue;
      }
      count++;
      // s is the smallest vertex of its component: vertices are visited in order.
      ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(s));
      while (!queue.isEmpty()) {
        int v = queue.poll();
        expected.put(id(v), id(s));
        for (int w : adj.getOrDefault(v, List.of())) {
          if (seen.add(w)) {
            queue.add(w);
          }
        }
      }
    }
    GraphAlgorithms.Components c = GraphAlgorithms.connectedComponents(db, scope());
    assertThat(c.componentOf()).isEqualTo(expected);
    assertThat(c.count()).isEqualTo(count);
  }

  /**
   * The adjacency path gives bit for bit the results of the edge index path (#8), on a graph whose
   * vertices were inserted out of key order, with parallel edges and self-loops, and after changes
   * the adjacency caught up with. The parameter picks the path of the first host.
   */
  @Test
  void cachedAndIndexedEdgesGiveIdenticalResults() {
    db.createCollection("p", CollectionType.DOCUMENT);
    db.createCollection("q", CollectionType.EDGE);
    Random r = new Random(7);
    int n = 300;
    for (int i = n - 1; i >= 0; i--) {
      db.insert("p", object("_key", "x" + i)); // "x10" < "x2": key order is not number order
    }
    for (int i = 0; i < 3000; i++) {
      int a = r.nextInt(n);
      int b = i % 100 == 0 ? a : (int) Math.min(n - 1, Math.abs(r.nextGaussian()) * n / 8);
      db.insert("q", edge("p/x" + a, "p/x" + b).put("_key", "q" + r.nextInt(1_000_000) + "-" + i));
    }
    GraphAlgorithms.GraphScope scope =
        new GraphAlgorithms.GraphScope("p", List.of("q", "e"), 1000, 10_000);
    // With a cache this builds the adjacency, and the runs after the changes catch it up.
    assertThat(GraphAlgorithms.connectedComponents(db, scope).componentOf()).hasSize(n);
    for (int i = 0; i < 200; i++) {
      db.insert("q", edge("p/x" + r.nextInt(n), "p/x" + r.nextInt(n)));
    }
    db.remove("p", "x17");
    GraphAlgorithms.PageRank changedRanks = GraphAlgorithms.pageRank(db, scope, 0.85, 30, 0);
    GraphAlgorithms.Components changedComponents = GraphAlgorithms.connectedComponents(db, scope);
    assertThat(changedRanks.ranks()).doesNotContainKey("p/x17");
    assertThat(host.graphCacheBytes() > 0).isEqualTo(graphCacheBytes > 0);

    host.close();
    long other = graphCacheBytes > 0 ? 0 : 256L << 20;
    host = start(other);
    db = host.open("g");
    GraphAlgorithms.PageRank ranks = GraphAlgorithms.pageRank(db, scope, 0.85, 30, 0);
    assertThat(ranks.ranks()).isEqualTo(changedRanks.ranks()); // Double.equals: the same bits
    assertThat(ranks.iterations()).isEqualTo(changedRanks.iterations());
    assertThat(GraphAlgorithms.connectedComponents(db, scope)).isEqualTo(changedComponents);
    assertThat(host.graphCacheBytes() > 0).isEqualTo(other > 0);
  }

  @Test
  void largerGraphsThanTheBoundFailClearly() {
    assertThatThrownBy(
            () ->
                GraphAlgorithms.connectedComponents(
                    db, new GraphAlgorithms.GraphScope("v", List.of("e"), 39, 1000)))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("more than 39 vertices");
    assertThatThrownBy(
            () ->
                GraphAlgorithms.pageRank(
                    db,
                    new GraphAlgorithms.GraphScope("v", List.of("e", "f"), 100, 44),
                    0.85,
                    10,
                    0))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("more than 44 edges");
  }

  @Test
  void javaTraversalReturnsPathsBreadthFirst() {
    Traversal spec =
        Traversal.of(Direction.OUTBOUND, 0, 3, "e", "f")
            .withOrder(Traversal.Order.BFS)
            .withUniqueness(Traversal.UniqueVertices.GLOBAL, Traversal.UniqueEdges.PATH);
    Map<String, Integer> depth = new HashMap<>();
    try (Transaction t = db.begin()) {
      Traverser traverser = new Traverser(t, spec, id(0), null, Budget.of(0, 0));
      for (Path p = traverser.next(); p != null; p = traverser.next()) {
        assertThat(depth.put(p.vertexId(), p.depth())).isNull();
        assertThat(p.vertexIds()).hasSize(p.depth() + 1).startsWith(id(0));
      }
    }
    Map<String, Integer> expected = new HashMap<>(Map.of(id(0), 0));
    List<Integer> layer = List.of(0);
    for (int d = 1; d <= 3; d++) {
      List<Integer> next = new ArrayList<>();
      for (int v : layer) {
        for (int[] e : edges) {
          if (e[0] == v && !expected.containsKey(id(e[1]))) {
            expected.put(id(e[1]), d);
            next.add(e[1]);
          }
        }
        if (v == 0 && d == 1) {
          expected.putIfAbsent("w/elsewhere", 1);
        }
      }
      layer = next;
    }
    assertThat(depth).isEqualTo(expected);
    assertThatThrownBy(
            () -> {
              try (Transaction t = db.begin()) {
                Traverser tr = new Traverser(t, spec, id(0), null, Budget.of(300, 0));
                while (tr.next() != null) {
                  // until the budget runs out
                }
              }
            })
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("more memory");
  }
}
