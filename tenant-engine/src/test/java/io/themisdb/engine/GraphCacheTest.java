package io.themisdb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.graph.Adjacent;
import io.themisdb.engine.graph.Budget;
import io.themisdb.engine.graph.Direction;
import io.themisdb.engine.graph.EdgeCursor;
import io.themisdb.engine.graph.Path;
import io.themisdb.engine.graph.Traversal;
import io.themisdb.engine.graph.Traverser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Traversals read the in-memory adjacency of an edge collection when it shows exactly their
 * transaction's view, and the edge index otherwise: the edges are the same either way, through
 * commits, removals, a reopen, a dropped collection and a memory limit.
 */
class GraphCacheTest {
  private static final int VERTICES = 12;

  @TempDir java.nio.file.Path root;
  EngineHost host;
  TenantDatabase db;

  @BeforeEach
  void start() {
    host = EngineHost.start(EngineFixture.settings(root));
    db = host.create("g");
    db.createCollection("v", CollectionType.DOCUMENT);
    db.createCollection("e", CollectionType.EDGE);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  private static ObjectNode edge(String key, String from, String to) {
    return EngineFixture.json(
        "{\"_key\":\"" + key + "\",\"_from\":\"" + from + "\",\"_to\":\"" + to + "\"}");
  }

  /** The edges as a traversal reads them: through the transaction's edge cursor. */
  private static List<Adjacent> cursor(Transaction t, String vertex, Direction d) {
    try (EdgeCursor c = t.edgeCursor("e")) {
      return c.edges(vertex, d);
    }
  }

  private List<Adjacent> committed(String vertex, Direction d) {
    try (Transaction t = db.begin()) {
      return cursor(t, vertex, d);
    }
  }

  /** The edges the model says a vertex has, listed as the edge index lists them. */
  private static List<Adjacent> expected(Map<String, String[]> model, String vertex, Direction d) {
    List<Adjacent> out = new ArrayList<>();
    if (d != Direction.INBOUND) {
      model.forEach(
          (k, ends) -> {
            if (ends[0].equals(vertex)) {
              out.add(new Adjacent("e/" + k, ends[1]));
            }
          });
    }
    if (d != Direction.OUTBOUND) {
      model.forEach(
          (k, ends) -> {
            if (ends[1].equals(vertex) && !(d == Direction.ANY && ends[0].equals(vertex))) {
              out.add(new Adjacent("e/" + k, ends[0]));
            }
          });
    }
    return out;
  }

  @Test
  void randomCommitsShowTheSameEdgesThroughTheCacheAsThroughTheIndex() {
    Random r = new Random(7);
    // Keys in String order, as the edge index and the model list them.
    Map<String, String[]> model = new TreeMap<>();
    int next = 0;
    for (int round = 0; round < 40; round++) {
      try (Transaction w = db.begin()) {
        for (int i = r.nextInt(12); i >= 0; i--) {
          List<String> keys = new ArrayList<>(model.keySet());
          String from = "v/" + r.nextInt(VERTICES);
          String to = "v/" + r.nextInt(VERTICES); // now and then a self-loop
          int op = keys.isEmpty() ? 0 : r.nextInt(4);
          if (op == 0) {
            String key = "k" + next++;
            w.insert("e", edge(key, from, to));
            model.put(key, new String[] {from, to});
          } else {
            String key = keys.get(r.nextInt(keys.size()));
            switch (op) {
              case 1 -> {
                w.remove("e", key);
                model.remove(key);
              }
              case 2 -> {
                w.replace("e", key, edge(key, from, to));
                model.put(key, new String[] {from, to});
              }
              default -> w.update("e", key, EngineFixture.json("{\"w\":" + round + "}"));
            }
          }
        }
        // A vertex document changes nothing about the edges.
        w.insert("v", EngineFixture.json("{\"_key\":\"r" + round + "\"}"));
        w.commit();
      }
      if (round % 10 == 9) {
        // The next catch-up finds records missing and rebuilds from the edge index.
        db.trimChangesBefore(db.lastSequence() + 1);
      }
      try (Transaction t = db.begin()) {
        for (int v = 0; v <= VERTICES; v++) {
          for (Direction d : Direction.values()) {
            String vertex = "v/" + v;
            assertThat(cursor(t, vertex, d))
                .as("round %d %s %s", round, vertex, d)
                .isEqualTo(t.edges("e", vertex, d))
                .isEqualTo(expected(model, vertex, d));
          }
        }
      }
      assertThat(host.graphCacheBytes()).isPositive();
    }
  }

  @Test
  void aTransactionSeesItsOwnEdgesThroughTheIndex() {
    db.insert("e", edge("a", "v/1", "v/2"));
    try (Transaction t = db.begin()) {
      assertThat(cursor(t, "v/1", Direction.OUTBOUND)).extracting(Adjacent::edgeId).contains("e/a");
      t.insert("e", edge("b", "v/1", "v/3"));
      assertThat(cursor(t, "v/1", Direction.OUTBOUND))
          .extracting(Adjacent::edgeId)
          .containsExactly("e/a", "e/b");
      t.remove("e", "a");
      assertThat(cursor(t, "v/3", Direction.INBOUND))
          .extracting(Adjacent::edgeId)
          .containsExactly("e/b");
      assertThat(cursor(t, "v/1", Direction.ANY))
          .extracting(Adjacent::edgeId)
          .containsExactly("e/b");
      // Others still see the committed edges only.
      assertThat(committed("v/1", Direction.OUTBOUND))
          .extracting(Adjacent::edgeId)
          .containsExactly("e/a");
      t.commit();
    }
    assertThat(committed("v/1", Direction.OUTBOUND))
        .extracting(Adjacent::edgeId)
        .containsExactly("e/b");
  }

  @Test
  void aSnapshotOlderThanTheCacheKeepsItsEdges() {
    db.insert("e", edge("a", "v/1", "v/2"));
    try (Transaction old = db.begin();
        EdgeCursor running = old.edgeCursor("e")) {
      assertThat(running.edges("v/1", Direction.OUTBOUND))
          .extracting(Adjacent::edgeId)
          .containsExactly("e/a");
      db.insert("e", edge("b", "v/1", "v/3"));
      db.remove("e", "a");
      // A newer snapshot catches the cache up past the old one's...
      assertThat(committed("v/1", Direction.OUTBOUND))
          .extracting(Adjacent::edgeId)
          .containsExactly("e/b");
      // ...which reads the index from then on, mid-traversal and in new traversals alike.
      assertThat(running.edges("v/1", Direction.OUTBOUND))
          .extracting(Adjacent::edgeId)
          .containsExactly("e/a");
      assertThat(cursor(old, "v/2", Direction.INBOUND))
          .extracting(Adjacent::edgeId)
          .containsExactly("e/a");
      assertThat(cursor(old, "v/3", Direction.INBOUND)).isEmpty();
    }
    // A change elsewhere leaves the cache valid for snapshots on either side of it.
    try (Transaction before = db.begin()) {
      db.insert("v", EngineFixture.json("{\"_key\":\"1\"}"));
      assertThat(committed("v/1", Direction.OUTBOUND))
          .extracting(Adjacent::edgeId)
          .containsExactly("e/b");
      assertThat(cursor(before, "v/1", Direction.OUTBOUND))
          .extracting(Adjacent::edgeId)
          .containsExactly("e/b");
    }
  }

  @Test
  void traversalsFollowRemovedEdgesAndVerticesAsTheIndexDoes() {
    for (int i = 1; i <= 4; i++) {
      db.insert("v", EngineFixture.json("{\"_key\":\"" + i + "\"}"));
    }
    db.insert("e", edge("a", "v/1", "v/2"));
    db.insert("e", edge("b", "v/2", "v/3"));
    db.insert("e", edge("c", "v/3", "v/4"));
    assertThat(reached("v/1")).containsExactly("v/2", "v/3", "v/4");
    // An edge to a removed vertex stays, as it does in the edge index.
    db.remove("v", "3");
    assertThat(reached("v/1")).containsExactly("v/2", "v/3", "v/4");
    db.remove("e", "b");
    assertThat(reached("v/1")).containsExactly("v/2");
    assertThat(committed("v/3", Direction.ANY)).extracting(Adjacent::edgeId).containsExactly("e/c");
  }

  private List<String> reached(String start) {
    Traversal spec =
        Traversal.of(Direction.OUTBOUND, 1, 3, "e")
            .withOrder(Traversal.Order.BFS)
            .withUniqueness(Traversal.UniqueVertices.GLOBAL, Traversal.UniqueEdges.PATH);
    List<String> out = new ArrayList<>();
    try (Transaction t = db.begin();
        Traverser traverser = new Traverser(t, spec, start, null, Budget.of(0, 0))) {
      for (Path p = traverser.next(); p != null; p = traverser.next()) {
        out.add(p.vertexId());
      }
    }
    return out;
  }

  @Test
  void aClosedDatabaseDropsItsCacheAndRebuildsItWhenReopened() {
    db.insert("e", edge("a", "v/1", "v/2"));
    assertThat(committed("v/1", Direction.OUTBOUND)).hasSize(1);
    assertThat(host.graphCacheBytes()).isPositive();
    assertThat(host.closeIdle()).isEqualTo(1);
    assertThat(host.graphCacheBytes()).isZero();

    db.insert("e", edge("b", "v/1", "v/3"));
    host.close();
    host = EngineHost.start(EngineFixture.settings(root));
    db = host.open("g");
    assertThat(host.graphCacheBytes()).isZero(); // built on the first traversal, not on open
    assertThat(committed("v/1", Direction.OUTBOUND))
        .extracting(Adjacent::edgeId)
        .containsExactly("e/a", "e/b");
    db.remove("e", "a");
    assertThat(committed("v/1", Direction.OUTBOUND))
        .extracting(Adjacent::edgeId)
        .containsExactly("e/b");
    assertThat(host.graphCacheBytes()).isPositive();
  }

  @Test
  void aRecreatedCollectionStartsFromItsOwnEdges() {
    db.insert("e", edge("a", "v/1", "v/2"));
    db.insert("e", edge("b", "v/1", "v/3"));
    assertThat(committed("v/1", Direction.OUTBOUND)).hasSize(2);
    db.dropCollection("e");
    assertThat(host.graphCacheBytes()).isZero();
    db.createCollection("e", CollectionType.EDGE);
    db.insert("e", edge("a", "v/1", "v/4"));
    assertThat(committed("v/1", Direction.OUTBOUND)).containsExactly(new Adjacent("e/a", "v/4"));
    assertThat(committed("v/2", Direction.INBOUND)).isEmpty();
  }

  @Test
  void aCollectionBeyondTheMemoryLimitIsTraversedThroughTheIndex() {
    host.close();
    host = EngineHost.start(EngineFixture.settings(root).withGraphCacheBytes(4 << 10));
    db = host.open("g");
    List<Adjacent> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      db.insert("e", edge("k" + i, "v/0", "v/" + i));
      expected.add(new Adjacent("e/k" + i, "v/" + i));
    }
    expected.sort(Comparator.comparing(Adjacent::edgeId));
    assertThat(committed("v/0", Direction.OUTBOUND)).isEqualTo(expected);
    assertThat(host.graphCacheBytes()).isZero();
    // Small enough again: cached.
    for (int i = 1; i < 300; i++) {
      db.remove("e", "k" + i);
    }
    host.close();
    host = EngineHost.start(EngineFixture.settings(root).withGraphCacheBytes(4 << 10));
    db = host.open("g");
    assertThat(committed("v/0", Direction.OUTBOUND)).containsExactly(new Adjacent("e/k0", "v/0"));
    assertThat(host.graphCacheBytes()).isPositive();
  }
}
