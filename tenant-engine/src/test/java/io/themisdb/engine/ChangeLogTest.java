package io.themisdb.engine;

import static io.themisdb.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.changelog.ChangeOperation;
import io.themisdb.engine.changelog.ChangeRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeLogTest {
  @TempDir Path root;
  EngineHost host;
  TenantDatabase db;

  @BeforeEach
  void start() {
    host = EngineHost.start(EngineFixture.settings(root));
    db = host.create("acme");
    db.createCollection("c", CollectionType.DOCUMENT);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void everyCommittedWriteAppendsOneRecordInOrder() {
    DocumentMeta a = db.insert("c", json("{\"_key\":\"a\"}"));
    DocumentMeta b = db.update("c", "a", json("{\"x\":1}"));
    DocumentMeta c = db.replace("c", "a", json("{}"));
    DocumentMeta d = db.remove("c", "a");

    assertThat(db.changesFrom(0, 100))
        .containsExactly(
            new ChangeRecord(1, "c", "a", ChangeOperation.INSERT, a.revision()),
            new ChangeRecord(2, "c", "a", ChangeOperation.UPDATE, b.revision()),
            new ChangeRecord(3, "c", "a", ChangeOperation.REPLACE, c.revision()),
            new ChangeRecord(4, "c", "a", ChangeOperation.REMOVE, d.revision()));
    assertThat(d.revision()).isEqualTo(c.revision());
    assertThat(db.lastSequence()).isEqualTo(4);
  }

  @Test
  void abortedAndFailedWritesAppendNothing() {
    try (Transaction t = db.begin()) {
      t.insert("c", json("{}"));
    }
    try {
      db.remove("c", "missing");
    } catch (DocumentNotFoundException expected) {
      // nothing written
    }
    assertThat(db.changesFrom(0, 10)).isEmpty();
  }

  @Test
  void readingFromASequenceAndTrimming() {
    for (int i = 0; i < 10; i++) {
      db.insert("c", json("{}"));
    }
    assertThat(db.changesFrom(7, 100))
        .extracting(ChangeRecord::sequence)
        .containsExactly(7L, 8L, 9L, 10L);
    assertThat(db.changesFrom(3, 2)).extracting(ChangeRecord::sequence).containsExactly(3L, 4L);

    db.trimChangesBefore(6);

    assertThat(db.changesFrom(0, 100))
        .extracting(ChangeRecord::sequence)
        .containsExactly(6L, 7L, 8L, 9L, 10L);
  }

  @Test
  void sequenceContinuesAfterReopenAndFullTrim() {
    db.insert("c", json("{}"));
    db.insert("c", json("{}"));
    db.trimChangesBefore(100);
    host.close();
    host = EngineHost.start(EngineFixture.settings(root));
    TenantDatabase reopened = host.open("acme");
    reopened.insert("c", json("{}"));
    assertThat(reopened.changesFrom(0, 10)).extracting(ChangeRecord::sequence).containsExactly(3L);
  }

  @Test
  void sequenceContinuesAfterReopenAndPartialTrim() {
    for (int i = 0; i < 5; i++) {
      db.insert("c", json("{}"));
    }
    db.trimChangesBefore(3);
    host.close();
    host = EngineHost.start(EngineFixture.settings(root));
    TenantDatabase reopened = host.open("acme");
    assertThat(reopened.lastSequence()).isEqualTo(5);
    reopened.insert("c", json("{}"));
    assertThat(reopened.changesFrom(0, 10))
        .extracting(ChangeRecord::sequence)
        .containsExactly(3L, 4L, 5L, 6L);
  }

  @Test
  void aBatchIsReadAndTrimmedRecordByRecord() {
    db.insert("c", json("{\"_key\":\"first\"}"));
    List<tools.jackson.databind.node.ObjectNode> batch = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      batch.add(json("{\"_key\":\"k" + i + "\"}"));
    }
    db.insertAll("c", batch, WriteOptions.DEFAULT);
    db.insert("c", json("{\"_key\":\"last\"}"));

    assertThat(db.lastSequence()).isEqualTo(2_502);
    List<ChangeRecord> all = db.changesFrom(0, 10_000);
    assertThat(all).extracting(ChangeRecord::sequence).hasSize(2_502).isSorted();
    assertThat(all.get(1))
        .isEqualTo(new ChangeRecord(2, "c", "k0", ChangeOperation.INSERT, all.get(1).revision()));
    assertThat(all.get(2_500).key()).isEqualTo("k2499");
    // from and limit inside a stored group, and across the boundary of two groups
    assertThat(db.changesFrom(1_020, 10))
        .extracting(ChangeRecord::key)
        .containsExactly(
            "k1018", "k1019", "k1020", "k1021", "k1022", "k1023", "k1024", "k1025", "k1026",
            "k1027");

    db.trimChangesBefore(1_500);
    assertThat(db.changesFrom(0, 3))
        .extracting(ChangeRecord::sequence)
        .containsExactly(1_500L, 1_501L, 1_502L);
    assertThat(db.changesFrom(0, 10_000)).hasSize(1_003);

    host.close();
    host = EngineHost.start(EngineFixture.settings(root));
    TenantDatabase reopened = host.open("acme");
    assertThat(reopened.lastSequence()).isEqualTo(2_502);
    reopened.trimChangesBefore(2_502);
    assertThat(reopened.changesFrom(0, 10)).extracting(ChangeRecord::key).containsExactly("last");
    reopened.trimChangesBefore(10_000);
    host.close();
    host = EngineHost.start(EngineFixture.settings(root));
    assertThat(host.open("acme").lastSequence()).isEqualTo(2_502);
  }

  @Test
  void concurrentCommitsGetDistinctIncreasingSequences() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    try (Transaction t = db.begin()) {
                      t.insert("c", json("{}"));
                      t.insert("c", json("{}"));
                      t.commit();
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<ChangeRecord> records = db.changesFrom(0, 1000);
    assertThat(records)
        .extracting(ChangeRecord::sequence)
        .isSorted()
        .doesNotHaveDuplicates()
        .hasSize(400);
    assertThat(records.getLast().sequence()).isEqualTo(400);
    // A transaction's records are adjacent: commits are applied in sequence order.
    for (int i = 0; i < records.size(); i += 2) {
      assertThat(records.get(i).sequence() % 2).isEqualTo(1);
    }
  }
}
