package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.graph.GraphException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Graph traversals in AQL, checked against {@link GraphReference} on seeded random graphs. They
 * read the in-memory adjacency here; {@link AqlTraversalWithoutGraphCacheTest} runs them all again
 * over the edge index.
 */
class AqlTraversalTest extends AqlFixture {

  private static final List<String> DIRECTIONS = List.of("OUTBOUND", "INBOUND", "ANY");
  private static final String PRUNE = "v.n IN [0, 3, 6, 9] || (e != null && e.w > 7)";

  private static final BiPredicate<String, GraphReference.Edge> REF_PRUNE =
      (v, e) ->
          (!v.equals("v/missing") && Integer.parseInt(v.substring(2)) % 3 == 0)
              || (e != null && e.weight() != null && e.weight() > 7);

  private void reset() {
    for (String c : List.of("v", "e")) {
      if (db.collections().stream().anyMatch(i -> i.name().equals(c))) {
        db.dropCollection(c);
      }
    }
  }

  private GraphReference load(long seed, int vertices, int edges) {
    db.createCollection("v", CollectionType.DOCUMENT);
    db.createCollection("e", CollectionType.EDGE);
    GraphReference g = new GraphReference(seed, vertices, edges, "e");
    for (int i = 0; i < vertices; i++) {
      db.insert("v", (ObjectNode) Values.JSON.readTree("{\"_key\":\"" + i + "\",\"n\":" + i + "}"));
    }
    for (GraphReference.Edge e : g.edges) {
      ObjectNode doc = Values.object();
      doc.put("_key", e.id().substring(2)).put("_from", e.from()).put("_to", e.to());
      if (e.weight() != null) {
        doc.put("w", e.weight());
      }
      db.insert("e", doc);
    }
    return g;
  }

  private List<String> paths(String aql, Map<String, ?> bind) {
    List<String> out = new ArrayList<>();
    for (JsonNode r : run(aql, bind)) {
      out.add(
          Values.JSON.writeValueAsString(r.get(0))
              + "|"
              + Values.JSON.writeValueAsString(r.get(1)));
    }
    return out;
  }

  private static List<String> texts(List<GraphReference.RefPath> paths, GraphReference g) {
    return paths.stream().map(p -> p.text(g.existing)).toList();
  }

  @Test
  void pathsMatchTheReferenceForEveryDirectionUniquenessDepthAndPrune() {
    for (long seed : new long[] {1, 2, 3}) {
      reset();
      GraphReference g = load(seed, 10, 24);
      for (String dir : DIRECTIONS) {
        for (int[] depth : new int[][] {{0, 3}, {1, 1}, {2, 4}}) {
          for (String uv : List.of("none", "path")) {
            for (String ue : List.of("none", "path")) {
              for (String order : List.of("dfs", "bfs")) {
                for (boolean prune : new boolean[] {false, true}) {
                  if (dir.equals("ANY") && uv.equals("none") && ue.equals("none") && depth[1] > 3) {
                    continue; // thousands of paths, no new case
                  }
                  String start = "v/" + (seed % 10);
                  String aql =
                      "FOR v, e, p IN @min..@max "
                          + dir
                          + " @start e "
                          + (prune ? "PRUNE " + PRUNE + " " : "")
                          + "OPTIONS {order: @order, uniqueVertices: @uv, uniqueEdges: @ue} "
                          + "RETURN [p.vertices[*]._id, p.edges[*]._id]";
                  List<String> actual =
                      paths(
                          aql,
                          Map.of(
                              "min", depth[0], "max", depth[1], "start", start, "order", order,
                              "uv", uv, "ue", ue));
                  List<GraphReference.RefPath> expected =
                      g.allPaths(
                          start,
                          dir,
                          depth[0],
                          depth[1],
                          uv.equals("path"),
                          ue.equals("path"),
                          prune ? REF_PRUNE : (v, e) -> false);
                  assertThat(actual)
                      .as(
                          "%s seed %d %s..%s uv %s ue %s %s prune %s",
                          dir, seed, depth[0], depth[1], uv, ue, order, prune)
                      .containsExactlyInAnyOrderElementsOf(texts(expected, g));
                  if (order.equals("bfs")) {
                    List<Integer> depths = actual.stream().map(AqlTraversalTest::depthOf).toList();
                    assertThat(depths).isSorted();
                  }
                }
              }
            }
          }
        }
      }
    }
    // The traversals read the in-memory adjacency unless the host keeps none.
    assertThat(host.graphCacheBytes() > 0).isEqualTo(host.settings().graphCacheBytes() > 0);
  }

  @Test
  void filtersOnThePathKeepTheMatchingPaths() {
    GraphReference g = load(21, 10, 26);
    for (String dir : DIRECTIONS) {
      List<String> actual =
          paths(
              "FOR v, e, p IN 1..3 "
                  + dir
                  + " 'v/4' e OPTIONS {uniqueVertices: 'path'}"
                  + " FILTER p.edges[*].w ALL > 3 FILTER p.vertices[1].n != 2"
                  + " RETURN [p.vertices[*]._id, p.edges[*]._id]",
              Map.of());
      List<GraphReference.RefPath> expected =
          g.allPaths("v/4", dir, 1, 3, true, true, (v, e) -> false).stream()
              .filter(
                  p ->
                      p.edges().stream()
                          .map(g::edge)
                          .allMatch(e -> e.weight() != null && e.weight() > 3))
              .filter(p -> !p.vertices().get(1).equals("v/2"))
              .toList();
      assertThat(actual).as(dir).containsExactlyInAnyOrderElementsOf(texts(expected, g));
    }
  }

  private static int depthOf(String pathText) {
    String edges = pathText.substring(pathText.indexOf('|') + 1);
    return edges.equals("[]") ? 0 : edges.split(",").length;
  }

  @Test
  void depthFirstVisitsAPathBeforeItsSiblings() {
    GraphReference g = load(5, 10, 24);
    List<String> actual =
        paths(
            "FOR v, e, p IN 1..3 OUTBOUND 'v/5' e RETURN [p.vertices[*]._id, p.edges[*]._id]",
            Map.of());
    // Preorder: each path's parent is the nearest earlier path one edge shorter.
    for (int i = 0; i < actual.size(); i++) {
      int d = depthOf(actual.get(i));
      if (d > 1) {
        int j = i - 1;
        while (depthOf(actual.get(j)) != d - 1) {
          j--;
          assertThat(depthOf(actual.get(j + 1))).isGreaterThanOrEqualTo(d);
        }
        String parent = actual.get(j);
        String edgesOfParent = parent.substring(parent.indexOf('|') + 1).replace("]", "");
        assertThat(actual.get(i).substring(actual.get(i).indexOf('|') + 1))
            .startsWith(edgesOfParent);
      }
    }
    assertThat(actual)
        .hasSameSizeAs(g.allPaths("v/5", "OUTBOUND", 1, 3, false, true, (v, e) -> false));
  }

  @Test
  void globalUniquenessReachesEachVertexOnceAtItsBreadthFirstDepth() {
    for (long seed : new long[] {4, 5, 6}) {
      reset();
      GraphReference g = load(seed, 12, 30);
      for (String dir : DIRECTIONS) {
        for (int[] depth : new int[][] {{0, 2}, {1, 5}, {2, 3}}) {
          for (boolean prune : new boolean[] {false, true}) {
            String aql =
                "FOR v, e, p IN @min..@max "
                    + dir
                    + " 'v/1' e "
                    + (prune ? "PRUNE v.n IN [0, 3, 6, 9] " : "")
                    + "OPTIONS {order: 'bfs', uniqueVertices: 'global'} "
                    + "RETURN [p.vertices[-1] == null ? 'v/missing' : v._id, LENGTH(p.edges)]";
            Map<String, Integer> actual = new HashMap<>();
            for (JsonNode r : run(aql, Map.of("min", depth[0], "max", depth[1]))) {
              assertThat(actual.put(r.get(0).stringValue(), r.get(1).intValue())).isNull();
            }
            BiPredicate<String, GraphReference.Edge> pr = prune ? REF_PRUNE : (v, e) -> false;
            assertThat(actual)
                .as("%s %s..%s prune %s", dir, depth[0], depth[1], prune)
                .isEqualTo(g.bfsGlobal("v/1", dir, depth[0], depth[1], (v, e) -> pr.test(v, null)));
          }
        }
      }
    }
  }

  @Test
  void weightedOrderReturnsPathsByWeightAndGlobalGivesDistances() {
    GraphReference g = load(8, 12, 30);
    for (String dir : DIRECTIONS) {
      List<JsonNode> rows =
          run(
              "FOR v, e, p IN 0..3 "
                  + dir
                  + " 'v/2' e OPTIONS {order: 'weighted', weightAttribute: 'w', defaultWeight: 4,"
                  + " uniqueVertices: 'path'} RETURN p.edges[*]._id",
              Map.of());
      List<Double> weights = new ArrayList<>();
      for (JsonNode r : rows) {
        double w = 0;
        for (JsonNode id : r) {
          w += g.weight(g.edge(id.stringValue()), 4);
        }
        weights.add(w);
      }
      assertThat(weights).as(dir).isSorted();
      assertThat(rows).hasSize(g.allPaths("v/2", dir, 0, 3, true, true, (v, e) -> false).size());

      Map<String, Double> distances = new HashMap<>();
      for (JsonNode r :
          run(
              "FOR v, e, p IN 0..20 "
                  + dir
                  + " 'v/2' e OPTIONS {order: 'weighted', weightAttribute: 'w', defaultWeight: 4,"
                  + " uniqueVertices: 'global'} RETURN [p.vertices[-1] == null ? 'v/missing' :"
                  + " v._id, SUM(p.edges[*].w == null ? 4 : p.edges[*].w)]",
              Map.of())) {
        distances.put(r.get(0).stringValue(), null);
      }
      assertThat(distances.keySet()).isEqualTo(g.distances("v/2", dir, true, 4).keySet());
    }
  }

  @Test
  void weightedGlobalTraversalFindsTheLightestPathToEachVertex() {
    GraphReference g = load(9, 12, 30);
    for (String dir : DIRECTIONS) {
      Map<String, Double> actual = new HashMap<>();
      for (JsonNode r :
          run(
              "FOR v, e, p IN 0..20 "
                  + dir
                  + " 'v/3' e OPTIONS {order: 'weighted', weightAttribute: 'w', defaultWeight: 4,"
                  + " uniqueVertices: 'global'} RETURN p.edges[*]._id",
              Map.of())) {
        double w = 0;
        String at = "v/3";
        for (JsonNode id : r) {
          GraphReference.Edge e = g.edge(id.stringValue());
          w += g.weight(e, 4);
          at = e.from().equals(at) && !dir.equals("INBOUND") ? e.to() : e.from();
        }
        assertThat(actual.put(at, w)).isNull();
      }
      assertThat(actual).as(dir).isEqualTo(g.distances("v/3", dir, true, 4));
    }
  }

  @Test
  void shortestPathMatchesDijkstraWeightedAndUnweighted() {
    GraphReference g = load(11, 12, 28);
    for (String dir : DIRECTIONS) {
      for (boolean weighted : new boolean[] {false, true}) {
        Map<String, Double> dist = g.distances("v/0", dir, weighted, 3);
        for (int t = 0; t < 12; t++) {
          String target = "v/" + t;
          List<JsonNode> rows =
              run(
                  "FOR v, e IN "
                      + dir
                      + " SHORTEST_PATH 'v/0' TO @t e "
                      + (weighted ? "OPTIONS {weightAttribute: 'w', defaultWeight: 3} " : "")
                      + "RETURN [v._id, e._id]",
                  Map.of("t", target));
          if (!dist.containsKey(target)) {
            assertThat(rows).as("%s to %s", dir, target).isEmpty();
            continue;
          }
          assertThat(rows.getFirst().get(0).stringValue()).isEqualTo("v/0");
          assertThat(rows.getFirst().get(1).isNull()).isTrue();
          assertThat(rows.getLast().get(0).stringValue()).isEqualTo(target);
          double w = 0;
          for (int i = 1; i < rows.size(); i++) {
            GraphReference.Edge e = g.edge(rows.get(i).get(1).stringValue());
            String prev = rows.get(i - 1).get(0).stringValue();
            String here = rows.get(i).get(0).stringValue();
            assertThat(connects(e, prev, here, dir)).isTrue();
            w += weighted ? g.weight(e, 3) : 1;
          }
          assertThat(w)
              .as("%s weighted %s to %s", dir, weighted, target)
              .isEqualTo(dist.get(target));
        }
      }
    }
  }

  private static boolean connects(GraphReference.Edge e, String from, String to, String dir) {
    boolean out = e.from().equals(from) && e.to().equals(to);
    boolean in = e.to().equals(from) && e.from().equals(to);
    return switch (dir) {
      case "OUTBOUND" -> out;
      case "INBOUND" -> in;
      default -> out || in;
    };
  }

  @Test
  void kShortestPathsAreTheLightestLooplessPathsInOrder() {
    GraphReference g = load(12, 9, 22);
    for (String dir : DIRECTIONS) {
      for (boolean weighted : new boolean[] {false, true}) {
        for (String target : List.of("v/4", "v/7", "v/0")) {
          List<Double> expected = g.simplePathWeights("v/0", target, dir, weighted, 2);
          List<JsonNode> rows =
              run(
                  "FOR p IN "
                      + dir
                      + " K_SHORTEST_PATHS 'v/0' TO @t e "
                      + (weighted ? "OPTIONS {weightAttribute: 'w', defaultWeight: 2} " : "")
                      + "LIMIT 12 RETURN p",
                  Map.of("t", target));
          List<Double> weights = new ArrayList<>();
          List<String> seen = new ArrayList<>();
          for (JsonNode p : rows) {
            List<String> vs = new ArrayList<>();
            p.get("vertices").forEach(v -> vs.add(v.get("_id").stringValue()));
            assertThat(vs).doesNotHaveDuplicates().startsWith("v/0").endsWith(target);
            double w = 0;
            for (int i = 0; i < p.get("edges").size(); i++) {
              GraphReference.Edge e = g.edge(p.get("edges").get(i).get("_id").stringValue());
              assertThat(connects(e, vs.get(i), vs.get(i + 1), dir)).isTrue();
              w += weighted ? g.weight(e, 2) : 1;
            }
            assertThat(p.get("weight").doubleValue()).isEqualTo(w);
            weights.add(w);
            seen.add(p.get("edges").toString());
          }
          assertThat(seen).doesNotHaveDuplicates();
          assertThat(weights)
              .as("%s weighted %s to %s", dir, weighted, target)
              .isEqualTo(expected.subList(0, Math.min(12, expected.size())));
        }
      }
    }
  }

  @Test
  void startsFromADocumentAndFollowsSeveralEdgeCollectionsWithOwnDirections() {
    collection("v", "{\"_key\":\"a\"}", "{\"_key\":\"b\"}", "{\"_key\":\"c\"}");
    db.createCollection("knows", CollectionType.EDGE);
    db.createCollection("likes", CollectionType.EDGE);
    db.insert("knows", (ObjectNode) Values.JSON.readTree("{\"_from\":\"v/a\",\"_to\":\"v/b\"}"));
    db.insert("likes", (ObjectNode) Values.JSON.readTree("{\"_from\":\"v/c\",\"_to\":\"v/a\"}"));
    assertThat(
            json(
                "FOR s IN v FILTER s._key == 'a' FOR x IN OUTBOUND s knows, INBOUND likes"
                    + " SORT x._key RETURN x._key"))
        .isEqualTo("[\"b\",\"c\"]");
    assertThat(json("FOR x IN 1 ANY 'v/b' @@k RETURN x._key", Map.of("@k", "knows")))
        .isEqualTo("[\"a\"]");
    assertThat(json("FOR x IN 0 OUTBOUND 'v/nope' knows RETURN x")).isEqualTo("[null]");
    assertThat(json("FOR x IN OUTBOUND 'v/c' knows RETURN x")).isEqualTo("[]");
    assertThat(
            db.explain(
                "FOR x, e IN 1..2 OUTBOUND 'v/a' knows PRUNE x._key == 'b' RETURN x", Map.of()))
        .contains("Traverse x, e IN 1..2 OUTBOUND \"v/a\" OUTBOUND knows PRUNE");
  }

  @Test
  void aHugeTraversalFailsWithTheQueryMemoryLimit() {
    db.createCollection("e", CollectionType.EDGE);
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        db.insert(
            "e",
            (ObjectNode)
                Values.JSON.readTree("{\"_from\":\"v/" + i + "\",\"_to\":\"v/" + j + "\"}"));
      }
    }
    String aql =
        "FOR v, e, p IN 1..12 OUTBOUND 'v/0' e OPTIONS {order: @o, uniqueEdges: 'none'}"
            + " COLLECT WITH COUNT INTO n RETURN n";
    // Breadth first and by weight the queue of paths outgrows the memory limit...
    for (String order : List.of("bfs", "weighted")) {
      assertThatThrownBy(
              () -> {
                try (QueryCursor c =
                    db.query(
                        aql,
                        Map.of("o", order),
                        QueryOptions.DEFAULT.withMaxMemoryBytes(200_000))) {
                  c.all();
                }
              })
          .as(order)
          .isInstanceOf(AqlExecutionException.class)
          .hasMessageContaining(
              "traversal needs more memory than the query may use (200000 bytes)");
    }
    // ...depth first it holds one path, and runs into the time limit instead.
    assertThatThrownBy(
            () -> {
              try (QueryCursor c =
                  db.query(
                      aql,
                      Map.of("o", "dfs"),
                      QueryOptions.DEFAULT
                          .withMaxMemoryBytes(200_000)
                          .withTimeout(java.time.Duration.ofMillis(300)))) {
                c.all();
              }
            })
        .isInstanceOf(io.themisdb.engine.TransactionTimeoutException.class);
  }

  @Test
  void memoryOfOneTraversalIsGivenBackBeforeTheNext() {
    db.createCollection("e", CollectionType.EDGE);
    for (int i = 1; i <= 20; i++) {
      db.insert(
          "e",
          (ObjectNode)
              Values.JSON.readTree(
                  "{\"_from\":\"v/0\",\"_to\":\"v/" + i + "\",\"pad\":\"xxxxxxxxxxxx\"}"));
    }
    // One traversal holds a few kilobytes; 300 of them in a row would hold megabytes.
    for (String order : List.of("dfs", "bfs", "weighted")) {
      try (QueryCursor c =
          db.query(
              "FOR i IN 1..300 FOR v, e, p IN 1..2 OUTBOUND 'v/0' e OPTIONS {order: @o}"
                  + " FILTER p.edges[0].pad == 'xxxxxxxxxxxx' COLLECT WITH COUNT INTO n RETURN n",
              Map.of("o", order),
              QueryOptions.DEFAULT.withMaxMemoryBytes(100_000))) {
        assertThat(c.all().getFirst().intValue()).as(order).isEqualTo(300 * 20);
      }
    }
    try (QueryCursor c =
        db.query(
            "FOR i IN 1..300 FOR p IN OUTBOUND K_SHORTEST_PATHS 'v/0' TO 'v/7' e"
                + " FILTER p.edges[0].pad == 'xxxxxxxxxxxx' COLLECT WITH COUNT INTO n RETURN n",
            Map.of(),
            QueryOptions.DEFAULT.withMaxMemoryBytes(100_000))) {
      assertThat(c.all().getFirst().intValue()).isEqualTo(300);
    }
  }

  @Test
  void variablesNobodyReadsAreNotFetchedButIntoStillSeesThem() {
    collection("v", "{\"_key\":\"a\",\"n\":1}", "{\"_key\":\"b\",\"n\":2}");
    db.createCollection("e", CollectionType.EDGE);
    db.insert("e", (ObjectNode) Values.JSON.readTree("{\"_from\":\"v/a\",\"_to\":\"v/b\"}"));
    assertThat(json("FOR x, e, p IN 1 OUTBOUND 'v/a' e COLLECT WITH COUNT INTO n RETURN n"))
        .isEqualTo("[1]");
    assertThat(json("FOR x, e IN 0..1 OUTBOUND 'v/a' e COLLECT k = x.n INTO g RETURN g[0].e._to"))
        .isEqualTo("[null,\"v/b\"]");
    assertThat(json("FOR x IN 1 OUTBOUND 'v/a' e RETURN (FOR y IN [x] RETURN y.n)[0]"))
        .isEqualTo("[2]");
    assertThat(json("FOR x IN 1 OUTBOUND 'v/a' e FOR y IN 1 INBOUND x e RETURN y._key"))
        .isEqualTo("[\"a\"]");
  }

  @Test
  void malformedTraversalsAreSyntaxErrors() {
    db.createCollection("e", CollectionType.EDGE);
    for (String aql :
        List.of(
            "FOR v IN 1..3 OUTBOUND RETURN v",
            "FOR v IN OUTBOUND 'v/1' RETURN v",
            "FOR v, e, p, q IN OUTBOUND 'v/1' e RETURN v",
            "FOR v IN 1..3 SIDEWAYS 'v/1' e RETURN v",
            "FOR v IN 1.. OUTBOUND 'v/1' e RETURN v",
            "FOR v IN OUTBOUND SHORTEST_PATH 'v/1' 'v/2' e RETURN v",
            "FOR v, e, p IN OUTBOUND SHORTEST_PATH 'v/1' TO 'v/2' e RETURN v",
            "FOR v, e IN OUTBOUND K_SHORTEST_PATHS 'v/1' TO 'v/2' e RETURN v",
            "FOR v IN OUTBOUND 'v/1' e PRUNE RETURN v")) {
      assertThatThrownBy(() -> run(aql, Map.of())).as(aql).isInstanceOf(AqlSyntaxException.class);
    }
  }

  @Test
  void badTraversalsFailPrecisely() {
    collection("v", "{\"_key\":\"a\"}");
    db.createCollection("e", CollectionType.EDGE);
    db.insert(
        "e", (ObjectNode) Values.JSON.readTree("{\"_from\":\"v/a\",\"_to\":\"v/b\",\"w\":-1}"));
    assertThatThrownBy(() -> run("FOR x IN OUTBOUND 'v/a' v RETURN x", Map.of()))
        .isInstanceOf(AqlSemanticException.class)
        .hasMessageContaining("'v' is not an edge collection");
    assertThatThrownBy(() -> run("FOR x IN 3..1 OUTBOUND 'v/a' e RETURN x", Map.of()))
        .isInstanceOf(AqlSemanticException.class)
        .hasMessageContaining("greater than the maximum");
    assertThatThrownBy(() -> run("FOR x IN OUTBOUND 42 e RETURN x", Map.of()))
        .isInstanceOf(AqlExecutionException.class)
        .hasMessageContaining("start vertex must be a document id");
    assertThatThrownBy(
            () -> run("FOR x IN OUTBOUND 'v/a' e OPTIONS {order: 'sideways'} RETURN x", Map.of()))
        .isInstanceOf(AqlExecutionException.class)
        .hasMessageContaining("option 'order' must be one of \"dfs\", \"bfs\", \"weighted\"");
    assertThatThrownBy(
            () ->
                run(
                    "FOR x IN OUTBOUND 'v/a' e OPTIONS {uniqueVertices: 'global'} RETURN x",
                    Map.of()))
        .isInstanceOf(AqlExecutionException.class)
        .hasMessageContaining("needs order 'bfs' or 'weighted'");
    assertThatThrownBy(
            () -> run("FOR x IN OUTBOUND 'v/a' e OPTIONS {colour: 1} RETURN x", Map.of()))
        .isInstanceOf(AqlExecutionException.class)
        .hasMessageContaining("unknown option 'colour'");
    assertThatThrownBy(() -> run("FOR x IN @d OUTBOUND 'v/a' e RETURN x", Map.of("d", -1)))
        .isInstanceOf(AqlExecutionException.class)
        .hasMessageContaining("non-negative integer");
    assertThatThrownBy(
            () ->
                run(
                    "FOR x IN OUTBOUND SHORTEST_PATH 'v/a' TO 'v/b' e OPTIONS {weightAttribute:"
                        + " 'w'} RETURN x",
                    Map.of()))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("negative weight");
    assertThatThrownBy(() -> run("FOR x IN OUTBOUND 'v/a' e RETURN p", Map.of()))
        .isInstanceOf(AqlSemanticException.class);
  }
}
