package io.themisdb.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.graph.Adjacent;
import io.themisdb.engine.graph.Direction;
import io.themisdb.engine.graph.EdgeCursor;
import io.themisdb.engine.keys.KeyBuffer;
import io.themisdb.engine.keys.KeyRanges;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StorageResources;
import io.themisdb.engine.storage.Store;
import io.themisdb.engine.storage.StoreTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edge index follows every write of an edge, in the writing transaction. */
class EdgeIndexTest {
  @TempDir Path root;
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

  private DocumentMeta edge(String key, String from, String to) {
    return db.insert(
        "e",
        EngineFixture.json(
            "{\"_key\":\"" + key + "\",\"_from\":\"" + from + "\",\"_to\":\"" + to + "\"}"));
  }

  private List<String> out(String vertex) {
    return db.edges("e", vertex, Direction.OUTBOUND).stream().map(Adjacent::toString).toList();
  }

  @Test
  void listsOutboundInboundAndAnyEdgesOfAVertex() {
    edge("a", "v/1", "v/2");
    edge("b", "v/1", "v/3");
    edge("c", "v/3", "v/1");
    edge("d", "v/1", "v/1");

    assertThat(db.edges("e", "v/1", Direction.OUTBOUND))
        .containsExactly(
            new Adjacent("e/a", "v/2"), new Adjacent("e/b", "v/3"), new Adjacent("e/d", "v/1"));
    assertThat(db.edges("e", "v/1", Direction.INBOUND))
        .containsExactly(new Adjacent("e/c", "v/3"), new Adjacent("e/d", "v/1"));
    // The self-loop once, as an outbound edge.
    assertThat(db.edges("e", "v/1", Direction.ANY))
        .containsExactly(
            new Adjacent("e/a", "v/2"),
            new Adjacent("e/b", "v/3"),
            new Adjacent("e/d", "v/1"),
            new Adjacent("e/c", "v/3"));
    assertThat(db.edges("e", "v/9", Direction.ANY)).isEmpty();
    // v/1 is not a prefix match of v/10.
    edge("x", "v/10", "v/2");
    assertThat(out("v/1")).hasSize(3);
  }

  @Test
  void followsReplaceUpdateAndRemove() {
    edge("a", "v/1", "v/2");
    db.update("e", "a", EngineFixture.json("{\"_to\":\"v/3\",\"w\":1}"));
    assertThat(db.edges("e", "v/1", Direction.OUTBOUND))
        .containsExactly(new Adjacent("e/a", "v/3"));
    assertThat(db.edges("e", "v/2", Direction.INBOUND)).isEmpty();
    db.update("e", "a", EngineFixture.json("{\"w\":2}"));
    assertThat(db.edges("e", "v/3", Direction.INBOUND)).containsExactly(new Adjacent("e/a", "v/1"));

    db.replace("e", "a", EngineFixture.json("{\"_from\":\"v/4\",\"_to\":\"v/3\"}"));
    assertThat(db.edges("e", "v/1", Direction.OUTBOUND)).isEmpty();
    assertThat(db.edges("e", "v/4", Direction.OUTBOUND))
        .containsExactly(new Adjacent("e/a", "v/3"));

    db.remove("e", "a");
    assertThat(db.edges("e", "v/4", Direction.ANY)).isEmpty();
    assertThat(db.edges("e", "v/3", Direction.ANY)).isEmpty();
  }

  @Test
  void aRolledBackTransactionLeavesTheIndexAsItWas() {
    edge("a", "v/1", "v/2");
    try (Transaction t = db.begin()) {
      t.insert("e", EngineFixture.json("{\"_key\":\"b\",\"_from\":\"v/1\",\"_to\":\"v/5\"}"));
      t.remove("e", "a");
      // The transaction sees its own writes.
      assertThat(t.edges("e", "v/1", Direction.OUTBOUND))
          .containsExactly(new Adjacent("e/b", "v/5"));
      t.abort();
    }
    assertThat(db.edges("e", "v/1", Direction.OUTBOUND))
        .containsExactly(new Adjacent("e/a", "v/2"));
    assertThat(db.edges("e", "v/5", Direction.INBOUND)).isEmpty();
  }

  @Test
  void aCursorSeesTheTransactionsOwnWritesMadeWhileItIsOpen() {
    edge("a", "v/1", "v/2");
    try (Transaction t = db.begin()) {
      EdgeCursor cursor = t.edgeCursor("e");
      assertThat(cursor.edges("v/1", Direction.OUTBOUND))
          .containsExactly(new Adjacent("e/a", "v/2"));
      t.insert("e", EngineFixture.json("{\"_key\":\"b\",\"_from\":\"v/1\",\"_to\":\"v/3\"}"));
      assertThat(cursor.edges("v/1", Direction.OUTBOUND))
          .containsExactly(new Adjacent("e/a", "v/2"), new Adjacent("e/b", "v/3"));
      // Left open: the transaction closes it.
    }
    try (Transaction t = db.begin()) {
      EdgeCursor cursor = t.edgeCursor("e");
      t.abort();
      assertThatThrownBy(() -> cursor.edges("v/1", Direction.ANY))
          .isInstanceOf(IllegalStateException.class);
      cursor.close();
    }
  }

  @Test
  void aFailedWriteLeavesNoEntries() {
    edge("a", "v/1", "v/2");
    assertThatThrownBy(() -> edge("a", "v/7", "v/8")).isInstanceOf(DuplicateKeyException.class);
    assertThatThrownBy(
            () -> db.replace("e", "a", EngineFixture.json("{\"_from\":\"v/7\",\"_to\":3}")))
        .isInstanceOf(InvalidDocumentException.class);
    assertThat(db.edges("e", "v/7", Direction.ANY)).isEmpty();
    assertThat(out("v/1")).containsExactly("Adjacent[edgeId=e/a, vertexId=v/2]");
  }

  @Test
  void staysConsistentWithTheDocumentsUnderRandomWrites() {
    Random random = new Random(7);
    for (int i = 0; i < 600; i++) {
      String key = "k" + random.nextInt(60);
      String from = "v/" + random.nextInt(12);
      String to = "v/" + random.nextInt(12);
      String body = "{\"_from\":\"" + from + "\",\"_to\":\"" + to + "\"}";
      boolean exists = db.exists("e", key);
      switch (random.nextInt(4)) {
        case 0 -> {
          if (exists) {
            db.remove("e", key);
          }
        }
        case 1 -> {
          if (exists) {
            db.update("e", key, EngineFixture.json("{\"_to\":\"" + to + "\"}"));
          }
        }
        default -> {
          try (Transaction t = db.begin()) {
            if (exists) {
              t.replace("e", key, EngineFixture.json(body));
            } else {
              t.insert("e", EngineFixture.json(body.replace("{", "{\"_key\":\"" + key + "\",")));
            }
            if (random.nextBoolean()) {
              t.commit();
            }
          }
        }
      }
    }
    assertIndexMatchesDocuments();
  }

  @Test
  void anEdgeCollectionWrittenWithoutTheIndexGetsItWhenOpened() {
    for (int i = 0; i < 25; i++) {
      edge("k" + i, "v/" + (i % 5), "v/" + (i % 7));
    }
    int id = db.collection("e").id();
    host.close();
    // Take the database back to how a version without edge indexes left it.
    try (Store store = Store.open(root.resolve("g"), new StorageResources(8 << 20, 1 << 20, 1));
        StoreTransaction txn = store.begin(false, false, 1000, 0)) {
      byte[] prefix = new KeyBuffer(4).putInt(id).toByteArray();
      List<byte[]> keys = new ArrayList<>();
      txn.scan(
          Space.INDEX_ENTRIES, prefix, KeyRanges.prefixEnd(prefix), false, (k, v) -> keys.add(k));
      assertThat(keys).hasSize(50);
      keys.forEach(k -> txn.delete(Space.INDEX_ENTRIES, k));
      txn.delete(Space.METADATA, ("g/" + id).getBytes(StandardCharsets.UTF_8));
      txn.commit();
    }
    host = EngineHost.start(EngineFixture.settings(root));
    db = host.open("g");
    assertIndexMatchesDocuments();
    assertThat(db.edges("e", "v/0", Direction.OUTBOUND)).hasSize(5);
  }

  @Test
  void droppingTheCollectionDropsItsEdges() {
    edge("a", "v/1", "v/2");
    db.dropCollection("e");
    db.createCollection("e", CollectionType.EDGE);
    assertThat(db.edges("e", "v/1", Direction.ANY)).isEmpty();
  }

  @Test
  void onlyEdgeCollectionsHaveEdges() {
    assertThatThrownBy(() -> db.edges("v", "v/1", Direction.ANY))
        .isInstanceOf(UnknownCollectionException.class)
        .hasMessageContaining("not an edge collection");
  }

  private void assertIndexMatchesDocuments() {
    TreeSet<String> expected = new TreeSet<>();
    TreeSet<String> vertices = new TreeSet<>();
    ScanPage page = db.scan("e", null, 10_000);
    page.documents()
        .forEach(
            d -> {
              String from = d.get("_from").stringValue();
              String to = d.get("_to").stringValue();
              String key = d.get("_key").stringValue();
              expected.add("out " + from + " e/" + key + " " + to);
              expected.add("in " + to + " e/" + key + " " + from);
              vertices.add(from);
              vertices.add(to);
            });
    for (int i = 0; i < 12; i++) {
      vertices.add("v/" + i);
    }
    TreeSet<String> actual = new TreeSet<>();
    for (String v : vertices) {
      db.edges("e", v, Direction.OUTBOUND)
          .forEach(a -> actual.add("out " + v + " " + a.edgeId() + " " + a.vertexId()));
      db.edges("e", v, Direction.INBOUND)
          .forEach(a -> actual.add("in " + v + " " + a.edgeId() + " " + a.vertexId()));
    }
    assertThat(actual).isEqualTo(expected);
  }
}
