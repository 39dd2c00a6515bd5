package io.themisdb.engine;

import static io.themisdb.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.catalog.CollectionType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class DocumentsTest {
  @TempDir Path root;
  EngineHost host;
  TenantDatabase db;

  @BeforeEach
  void start() {
    host = EngineHost.start(EngineFixture.settings(root).withMaxDocumentBytes(10_000));
    db = host.create("acme");
    db.createCollection("users", CollectionType.DOCUMENT);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void insertedDocumentIsReadBackWithKeyAndRevision() {
    DocumentMeta meta =
        db.insert("users", json("{\"_key\":\"alice\",\"age\":30,\"tags\":[\"a\"]}"));

    ObjectNode stored = db.get("users", "alice").orElseThrow();
    assertThat(meta.key()).isEqualTo("alice");
    assertThat(stored.get("_rev").stringValue()).isEqualTo(meta.revision());
    assertThat(stored.get("age").intValue()).isEqualTo(30);
    assertThat(db.exists("users", "alice")).isTrue();
    assertThat(db.exists("users", "bob")).isFalse();
    assertThat(db.get("users", "bob")).isEmpty();
  }

  @Test
  void writesLeaveTheCallersDocumentAsItWas() {
    ObjectNode given = json("{\"_id\":\"users/x\",\"age\":30,\"address\":{\"city\":\"Oslo\"}}");
    ObjectNode copy = given.deepCopy();

    DocumentMeta meta = db.insert("users", given);
    db.replace("users", meta.key(), given);
    db.insertAll("users", List.of(given, json("{}")), WriteOptions.DEFAULT);

    assertThat(given).isEqualTo(copy);
    ObjectNode stored = db.get("users", meta.key()).orElseThrow();
    assertThat(stored.has("_rev")).isTrue();
    assertThat(stored.get("address")).isEqualTo(copy.get("address"));
  }

  @Test
  void missingKeyIsGeneratedAndUnique() {
    DocumentMeta a = db.insert("users", json("{}"));
    DocumentMeta b = db.insert("users", json("{}"));
    assertThat(a.key()).isNotEqualTo(b.key());
    assertThat(db.get("users", a.key())).isPresent();
  }

  @Test
  void revisionChangesOnEveryWrite() {
    DocumentMeta v1 = db.insert("users", json("{\"_key\":\"k\",\"n\":1}"));
    DocumentMeta v2 = db.replace("users", "k", json("{\"n\":2}"));
    DocumentMeta v3 = db.update("users", "k", json("{\"m\":3}"));
    assertThat(List.of(v1.revision(), v2.revision(), v3.revision())).doesNotHaveDuplicates();
    assertThat(db.get("users", "k").orElseThrow())
        .isEqualTo(json("{\"_key\":\"k\",\"_rev\":\"" + v3.revision() + "\",\"n\":2,\"m\":3}"));
  }

  @Test
  void updateFollowsJsonMergePatch() {
    db.insert("users", json("{\"_key\":\"k\",\"a\":{\"b\":1,\"c\":2},\"d\":[1,2],\"e\":1}"));
    db.update("users", "k", json("{\"a\":{\"b\":null,\"x\":9},\"d\":[3],\"e\":null}"));
    ObjectNode doc = db.get("users", "k").orElseThrow();
    doc.remove("_rev");
    assertThat(doc).isEqualTo(json("{\"_key\":\"k\",\"a\":{\"c\":2,\"x\":9},\"d\":[3]}"));
  }

  @Test
  void replaceDropsFieldsNotGiven() {
    db.insert("users", json("{\"_key\":\"k\",\"a\":1}"));
    db.replace("users", "k", json("{\"b\":2}"));
    assertThat(db.get("users", "k").orElseThrow().has("a")).isFalse();
  }

  @Test
  void removedDocumentIsGone() {
    db.insert("users", json("{\"_key\":\"k\"}"));
    db.remove("users", "k");
    assertThat(db.exists("users", "k")).isFalse();
    assertThatThrownBy(() -> db.remove("users", "k")).isInstanceOf(DocumentNotFoundException.class);
    assertThatThrownBy(() -> db.update("users", "k", json("{}")))
        .isInstanceOf(DocumentNotFoundException.class);
  }

  @Test
  void duplicateKeyIsRejected() {
    db.insert("users", json("{\"_key\":\"k\"}"));
    assertThatThrownBy(() -> db.insert("users", json("{\"_key\":\"k\"}")))
        .isInstanceOf(DuplicateKeyException.class)
        .hasMessageContaining("'k'");
  }

  @Test
  void unknownCollectionIsReported() {
    assertThatThrownBy(() -> db.insert("nope", json("{}")))
        .isInstanceOf(UnknownCollectionException.class);
    assertThatThrownBy(() -> db.get("nope", "k")).isInstanceOf(UnknownCollectionException.class);
  }

  @Test
  void conditionalWriteWithStaleRevisionFails() {
    DocumentMeta v1 = db.insert("users", json("{\"_key\":\"k\"}"));
    DocumentMeta v2 =
        db.update("users", "k", json("{\"a\":1}"), WriteOptions.ifRevision(v1.revision()));

    assertThatThrownBy(
            () -> db.replace("users", "k", json("{}"), WriteOptions.ifRevision(v1.revision())))
        .isInstanceOf(RevisionMismatchException.class);
    assertThatThrownBy(() -> db.remove("users", "k", WriteOptions.ifRevision(v1.revision())))
        .isInstanceOf(RevisionMismatchException.class);
    assertThat(db.remove("users", "k", WriteOptions.ifRevision(v2.revision())).revision())
        .isEqualTo(v2.revision());
  }

  @Test
  void invalidKeysAreRejected() {
    for (String bad : List.of("", "a/b", "a b", "ä", "x".repeat(255))) {
      ObjectNode doc = json("{}").put("_key", bad);
      assertThatThrownBy(() -> db.insert("users", doc))
          .as(bad)
          .isInstanceOf(InvalidDocumentException.class);
    }
    assertThat(db.insert("users", json("{}").put("_key", "Az09_-:.@()+,=;$!*'%")).key())
        .hasSize(20);
    assertThat(db.insert("users", json("{}").put("_key", "k".repeat(254))).key()).hasSize(254);
    assertThatThrownBy(() -> db.insert("users", json("{\"_key\":5}")))
        .isInstanceOf(InvalidDocumentException.class);
  }

  @Test
  void documentOverTheSizeLimitIsRejected() {
    ObjectNode big = json("{}").put("text", "x".repeat(20_000));
    assertThatThrownBy(() -> db.insert("users", big)).isInstanceOf(DocumentTooLargeException.class);
  }

  @Test
  void edgesNeedFromAndTo() {
    db.createCollection("knows", CollectionType.EDGE);
    assertThatThrownBy(() -> db.insert("knows", json("{\"_from\":\"users/a\"}")))
        .isInstanceOf(InvalidDocumentException.class);
    assertThatThrownBy(() -> db.insert("knows", json("{\"_from\":\"users/a\",\"_to\":\"nokey\"}")))
        .isInstanceOf(InvalidDocumentException.class);
    DocumentMeta e = db.insert("knows", json("{\"_from\":\"users/a\",\"_to\":\"users/b\"}"));
    assertThatThrownBy(() -> db.update("knows", e.key(), json("{\"_to\":null}")))
        .isInstanceOf(InvalidDocumentException.class);
  }

  @Test
  void allOrNothingBatchInsertsNothingWhenOneFails() {
    db.insert("users", json("{\"_key\":\"taken\"}"));
    List<ObjectNode> batch =
        List.of(json("{\"_key\":\"a\"}"), json("{\"_key\":\"taken\"}"), json("{\"_key\":\"b\"}"));
    assertThatThrownBy(() -> db.insertAll("users", batch, WriteOptions.DEFAULT))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(db.exists("users", "a")).isFalse();
    assertThat(
            db.insertAll(
                "users",
                List.of(json("{\"_key\":\"a\"}"), json("{\"_key\":\"b\"}")),
                WriteOptions.DEFAULT))
        .extracting(DocumentMeta::key)
        .containsExactly("a", "b");
  }

  @Test
  void batchInsertReportsTheFirstFailureInInputOrder() {
    db.insert("users", json("{\"_key\":\"taken\"}"));
    // A key twice in one batch: the second is a duplicate of the first.
    assertThatThrownBy(
            () ->
                db.insertAll(
                    "users",
                    List.of(json("{\"_key\":\"x\"}"), json("{\"_key\":\"x\"}")),
                    WriteOptions.DEFAULT))
        .isInstanceOf(DuplicateKeyException.class);
    // A duplicate ahead of an invalid document is what fails the batch, and the other way round.
    assertThatThrownBy(
            () ->
                db.insertAll(
                    "users",
                    List.of(json("{\"_key\":\"taken\"}"), json("{\"_key\":\"bad key\"}")),
                    WriteOptions.DEFAULT))
        .isInstanceOf(DuplicateKeyException.class);
    assertThatThrownBy(
            () ->
                db.insertAll(
                    "users",
                    List.of(json("{\"_key\":\"bad key\"}"), json("{\"_key\":\"taken\"}")),
                    WriteOptions.DEFAULT))
        .isInstanceOf(InvalidDocumentException.class);
    db.createIndex(
        "users", io.themisdb.engine.index.IndexSpec.of("byMail", "mail").asUnique(), null);
    assertThatThrownBy(
            () ->
                db.insertAll(
                    "users",
                    List.of(
                        json("{\"_key\":\"m1\",\"mail\":\"a@b\"}"),
                        json("{\"_key\":\"m2\",\"mail\":\"a@b\"}")),
                    WriteOptions.DEFAULT))
        .isInstanceOf(UniqueConstraintViolationException.class);
    assertThat(db.exists("users", "x")).isFalse();
    assertThat(db.exists("users", "m1")).isFalse();
  }

  @Test
  void aBatchWithoutUniqueIndexesKeepsItsIndexEntriesAndChanges() {
    // Such a batch writes past the transaction's write-batch index; all of it must still commit.
    db.createIndex("users", io.themisdb.engine.index.IndexSpec.of("byN", "n"), null);
    long before = db.lastSequence();
    List<ObjectNode> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(json("{\"_key\":\"k%02d\",\"n\":%d}".formatted(i, i % 5)));
    }
    db.insertAll("users", batch, WriteOptions.DEFAULT);
    assertThat(
            db
                .lookup(
                    "users",
                    "byN",
                    io.themisdb.engine.index.IndexQuery.equality(
                        tools.jackson.databind.node.JsonNodeFactory.instance.numberNode(3)),
                    false,
                    100)
                .stream()
                .map(io.themisdb.engine.index.IndexHit::key))
        .containsExactly("k03", "k08", "k13", "k18", "k23", "k28", "k33", "k38", "k43", "k48");
    assertThat(db.changesFrom(before + 1, 100)).hasSize(50);
    assertThat(db.lastSequence()).isEqualTo(before + 50);
    assertThat(db.get("users", "k49").orElseThrow().get("n").intValue()).isEqualTo(4);
  }

  @Test
  void compactingKeepsEveryDocumentAndDropsNothingElse() {
    for (int i = 0; i < 200; i++) {
      db.insert("users", json("{\"_key\":\"c%03d\",\"n\":%d}".formatted(i, i)));
    }
    for (int i = 0; i < 200; i += 2) {
      db.remove("users", "c%03d".formatted(i), WriteOptions.DEFAULT);
    }
    db.compact();
    assertThat(db.exists("users", "c000")).isFalse();
    assertThat(db.get("users", "c199").orElseThrow().get("n").intValue()).isEqualTo(199);
    assertThat(db.scan("users", null, 1000).documents()).hasSize(100);
  }

  @Test
  void batchInsertInATransactionSeesTheTransactionsOwnWrites() {
    try (Transaction t = db.begin()) {
      t.insert("users", json("{\"_key\":\"mine\"}"));
      assertThatThrownBy(() -> t.insertAll("users", List.of(json("{\"_key\":\"mine\"}"))))
          .isInstanceOf(DuplicateKeyException.class);
      assertThat(t.insertAll("users", List.of(json("{\"_key\":\"other\"}"))))
          .extracting(DocumentMeta::key)
          .containsExactly("other");
      t.commit();
    }
    assertThat(db.exists("users", "mine")).isTrue();
    assertThat(db.exists("users", "other")).isTrue();
  }

  @Test
  void perItemBatchReportsEachFailureAndInsertsTheRest() {
    db.insert("users", json("{\"_key\":\"taken\"}"));
    List<BatchResult> results =
        db.insertEach(
            "users",
            List.of(
                json("{\"_key\":\"a\"}"),
                json("{\"_key\":\"taken\"}"),
                json("{\"_key\":\"b c\"}"),
                json("{\"_key\":\"b\"}")),
            WriteOptions.DEFAULT);
    assertThat(results.get(0)).isInstanceOf(BatchResult.Inserted.class);
    assertThat(((BatchResult.Failed) results.get(1)).error())
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(((BatchResult.Failed) results.get(2)).error())
        .isInstanceOf(InvalidDocumentException.class);
    assertThat(results.get(3)).isInstanceOf(BatchResult.Inserted.class);
    assertThat(db.exists("users", "a") && db.exists("users", "b")).isTrue();
  }

  @Test
  void scanResumesAfterTheLastKeyOfAPage() {
    for (int i = 0; i < 25; i++) {
      db.insert("users", json("{}").put("_key", String.format("k%02d", i)));
    }
    db.createCollection("other", CollectionType.DOCUMENT);
    db.insert("other", json("{\"_key\":\"zzz\"}"));
    List<String> seen = new ArrayList<>();
    String after = null;
    do {
      ScanPage page = db.scan("users", after, 10);
      page.documents().forEach(d -> seen.add(d.get("_key").stringValue()));
      after = page.resumeAfter();
    } while (after != null);
    assertThat(seen).hasSize(25).isSorted().doesNotContain("zzz");
  }

  @Test
  void collectionsAndDocumentsSurviveReopen() {
    db.insert("users", json("{\"_key\":\"k\",\"v\":1}"));
    host.close();
    host = EngineHost.start(EngineFixture.settings(root));
    TenantDatabase reopened = host.open("acme");
    assertThat(reopened.get("users", "k").orElseThrow().get("v").intValue()).isEqualTo(1);
    assertThat(reopened.collections()).extracting(c -> c.name()).containsExactly("users");
  }

  @Test
  void droppedCollectionIsUnknownAndRecreatedEmpty() {
    db.insert("users", json("{\"_key\":\"k\"}"));
    db.dropCollection("users");
    assertThatThrownBy(() -> db.get("users", "k")).isInstanceOf(UnknownCollectionException.class);
    db.createCollection("users", CollectionType.DOCUMENT);
    assertThat(db.exists("users", "k")).isFalse();
    assertThatThrownBy(() -> db.createCollection("users", CollectionType.DOCUMENT))
        .isInstanceOf(NameInUseException.class);
  }

  @Test
  void statsCountDocumentsAndBytes() {
    for (int i = 0; i < 100; i++) {
      db.insert("users", json("{}").put("text", "y".repeat(100)));
    }
    CollectionStats stats = db.stats("users");
    assertThat(stats.documentCount()).isEqualTo(100);
    assertThat(stats.approximateBytes()).isPositive();
  }
}
