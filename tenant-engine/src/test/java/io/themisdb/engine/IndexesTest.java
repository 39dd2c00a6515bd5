package io.themisdb.engine;

import static io.themisdb.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexHit;
import io.themisdb.engine.index.IndexQuery;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.index.IndexState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

class IndexesTest {
  private static final JsonNodeFactory N = JsonNodeFactory.instance;

  @TempDir Path root;
  EngineHost host;
  TenantDatabase db;

  @BeforeEach
  void start() {
    host = EngineHost.start(EngineFixture.settings(root));
    db = host.create("acme");
    db.createCollection("people", CollectionType.DOCUMENT);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  private List<String> keys(String index, IndexQuery query, boolean descending) {
    return db.lookup("people", index, query, descending, 1000).stream().map(IndexHit::key).toList();
  }

  @Test
  void rangeScanOrdersNumbersNumericallyInBothDirections() {
    db.createIndex("people", IndexSpec.of("byAge", "age"), null);
    int[] ages = {10, -3, 2, 100, 7};
    for (int age : ages) {
      db.insert("people", json("{}").put("_key", "p" + age).put("age", age));
    }
    db.insert("people", json("{\"_key\":\"half\",\"age\":2.5}"));
    db.insert("people", json("{\"_key\":\"text\",\"age\":\"9\"}"));

    assertThat(
            keys("byAge", IndexQuery.range(N.numberNode(2), true, N.numberNode(10), false), false))
        .containsExactly("p2", "half", "p7");
    assertThat(
            keys("byAge", IndexQuery.range(N.numberNode(2), false, N.numberNode(10), true), true))
        .containsExactly("p10", "p7", "half");
    assertThat(keys("byAge", IndexQuery.range(null, false, N.numberNode(0), false), false))
        .containsExactly("p-3");
    // Strings sort after every number.
    assertThat(keys("byAge", IndexQuery.all(), true).getFirst()).isEqualTo("text");
  }

  @Test
  void equalityOnACompoundIndexUsesLeadingAttributes() {
    db.createIndex("people", IndexSpec.of("byCityAge", "address.city", "age"), null);
    db.insert("people", json("{\"_key\":\"a\",\"address\":{\"city\":\"Oslo\"},\"age\":30}"));
    db.insert("people", json("{\"_key\":\"b\",\"address\":{\"city\":\"Oslo\"},\"age\":20}"));
    db.insert("people", json("{\"_key\":\"c\",\"address\":{\"city\":\"Rome\"},\"age\":25}"));

    assertThat(keys("byCityAge", IndexQuery.equality(N.stringNode("Oslo")), false))
        .containsExactly("b", "a");
    assertThat(
            keys("byCityAge", IndexQuery.equality(N.stringNode("Oslo"), N.numberNode(30)), false))
        .containsExactly("a");
    assertThat(
            keys(
                "byCityAge",
                new IndexQuery.Range(
                    List.of(N.stringNode("Oslo")), N.numberNode(25), true, null, false),
                false))
        .containsExactly("a");
    List<IndexHit> hits =
        db.lookup("people", "byCityAge", IndexQuery.equality(N.stringNode("Rome")), false, 10);
    assertThat(hits.getFirst().values()).containsExactly(N.stringNode("Rome"), N.numberNode(25));
  }

  @Test
  void prefixScanFindsStringsStartingWithThePrefix() {
    db.createIndex("people", IndexSpec.of("byName", "name"), null);
    for (String name : List.of("anna", "anton", "ant", "bob", "an")) {
      db.insert("people", json("{}").put("_key", name).put("name", name));
    }
    assertThat(keys("byName", IndexQuery.prefix("ant"), false)).containsExactly("ant", "anton");
    assertThat(keys("byName", IndexQuery.prefix("an"), true))
        .containsExactly("anton", "ant", "anna", "an");
  }

  @Test
  void indexFollowsUpdatesAndRemoves() {
    db.createIndex("people", IndexSpec.of("byAge", "age"), null);
    db.insert("people", json("{\"_key\":\"a\",\"age\":1}"));
    db.update("people", "a", json("{\"age\":5}"));
    assertThat(keys("byAge", IndexQuery.equality(N.numberNode(1)), false)).isEmpty();
    assertThat(keys("byAge", IndexQuery.equality(N.numberNode(5)), false)).containsExactly("a");
    db.remove("people", "a");
    assertThat(keys("byAge", IndexQuery.all(), false)).isEmpty();
  }

  @Test
  void uniqueViolationFailsTheWriteAndChangesNothing() {
    db.createIndex("people", IndexSpec.of("byEmail", "email").asUnique(), null);
    db.insert("people", json("{\"_key\":\"a\",\"email\":\"x@y\"}"));
    assertThatThrownBy(() -> db.insert("people", json("{\"_key\":\"b\",\"email\":\"x@y\"}")))
        .isInstanceOf(UniqueConstraintViolationException.class)
        .hasMessageContaining("byEmail");
    assertThat(db.exists("people", "b")).isFalse();
    db.insert("people", json("{\"_key\":\"b\",\"email\":\"z@y\"}"));
    assertThatThrownBy(() -> db.update("people", "b", json("{\"email\":\"x@y\"}")))
        .isInstanceOf(UniqueConstraintViolationException.class);
    // Moving a value away frees it, within one transaction too.
    try (Transaction t = db.begin()) {
      t.update("people", "a", json("{\"email\":\"q@y\"}"));
      t.update("people", "b", json("{\"email\":\"x@y\"}"));
      t.commit();
    }
    assertThat(keys("byEmail", IndexQuery.equality(N.stringNode("x@y")), false))
        .containsExactly("b");
  }

  @Test
  void sparseIndexSkipsDocumentsWithoutTheAttribute() {
    db.createIndex("people", IndexSpec.of("byNick", "nick").asSparse(), null);
    db.createIndex("people", IndexSpec.of("byNickDense", "nick"), null);
    db.insert("people", json("{\"_key\":\"a\",\"nick\":\"al\"}"));
    db.insert("people", json("{\"_key\":\"b\"}"));
    db.insert("people", json("{\"_key\":\"c\",\"nick\":null}"));
    assertThat(keys("byNick", IndexQuery.all(), false)).containsExactly("a");
    assertThat(keys("byNickDense", IndexQuery.equality(N.nullNode()), false))
        .containsExactly("b", "c");
  }

  @Test
  void indexOnAFilledCollectionIsBuiltWithProgress() {
    List<Long> progress = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      db.insert("people", json("{}").put("_key", "k" + i).put("n", i % 10));
    }
    IndexDefinition d = db.createIndex("people", IndexSpec.of("byN", "n"), progress::add);
    assertThat(d.state()).isEqualTo(IndexState.READY);
    assertThat(progress).isSorted().last().isEqualTo(1200L);
    assertThat(keys("byN", IndexQuery.equality(N.numberNode(3)), false)).hasSize(120);
  }

  @Test
  void buildingAUniqueIndexOverDuplicatesFailsAndLeavesNoIndex() {
    db.insert("people", json("{\"_key\":\"a\",\"e\":1}"));
    db.insert("people", json("{\"_key\":\"b\",\"e\":1}"));
    assertThatThrownBy(() -> db.createIndex("people", IndexSpec.of("byE", "e").asUnique(), null))
        .isInstanceOf(UniqueConstraintViolationException.class);
    assertThat(db.indexes("people")).isEmpty();
    db.insert("people", json("{\"_key\":\"c\",\"e\":1}"));
  }

  @Test
  void indexDefinitionsSurviveReopen() {
    db.createIndex("people", IndexSpec.of("byAge", "age").asUnique().asSparse(), null);
    db.insert("people", json("{\"_key\":\"a\",\"age\":3}"));
    host.close();
    host = EngineHost.start(EngineFixture.settings(root));
    db = host.open("acme");
    assertThat(db.indexes("people"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.unique() && d.sparse()).isTrue();
              assertThat(d.fields()).containsExactly("age");
              assertThat(d.state()).isEqualTo(IndexState.READY);
            });
    assertThat(keys("byAge", IndexQuery.equality(N.numberNode(3.0)), false)).containsExactly("a");
    assertThatThrownBy(() -> db.insert("people", json("{\"age\":3}")))
        .isInstanceOf(UniqueConstraintViolationException.class);
  }

  @Test
  void droppedIndexIsUnknown() {
    db.createIndex("people", IndexSpec.of("byAge", "age"), null);
    db.insert("people", json("{\"age\":1}"));
    db.dropIndex("people", "byAge");
    assertThatThrownBy(() -> keys("byAge", IndexQuery.all(), false))
        .isInstanceOf(UnknownIndexException.class);
    assertThat(db.createIndex("people", IndexSpec.of("byAge", "age"), null).state())
        .isEqualTo(IndexState.READY);
    assertThat(keys("byAge", IndexQuery.all(), false)).hasSize(1);
  }

  @Test
  void indexNamesAreUniquePerCollection() {
    db.createIndex("people", IndexSpec.of("byAge", "age"), null);
    assertThatThrownBy(() -> db.createIndex("people", IndexSpec.of("byAge", "x"), null))
        .isInstanceOf(NameInUseException.class);
  }
}
