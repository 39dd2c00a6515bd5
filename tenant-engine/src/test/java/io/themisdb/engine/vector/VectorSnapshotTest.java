package io.themisdb.engine.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.WriteOptions;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.index.VectorEngine;
import io.themisdb.engine.index.VectorOptions;
import io.themisdb.engine.spi.VectorMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/** Vector index snapshots: reopening loads the graph, catches up, and never trusts a bad file. */
class VectorSnapshotTest {
  private static final int DIM = 16;
  private static final int COUNT = 3_000;

  @TempDir Path root;
  private EngineHost host;
  private TenantDatabase db;
  private final float[][] data = VectorData.clustered(COUNT, DIM, 20, 11);
  private final float[][] queries = VectorData.clustered(30, DIM, 20, 12);

  @BeforeEach
  void start() {
    host = EngineHost.start(VectorIndexTest.settings(root));
    db = host.create("t");
    db.createCollection("c", CollectionType.DOCUMENT);
    List<ObjectNode> docs = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      docs.add(VectorData.document(i, data[i]));
    }
    db.insertAll("c", docs, WriteOptions.DEFAULT);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  private void createIndex(String name, VectorEngine engine) {
    db.createIndex(
        "c",
        IndexSpec.vector(
            name, "v", VectorOptions.of(DIM, VectorMetric.EUCLIDEAN).withEngine(engine)),
        null);
  }

  private void reopen() {
    host.close();
    host = EngineHost.start(VectorIndexTest.settings(root));
    db = host.open("t");
  }

  private List<List<VectorHit>> answers(String index) {
    List<List<VectorHit>> out = new ArrayList<>();
    for (float[] q : queries) {
      out.add(db.vectors().approximate("c", index, q, 10, 0));
    }
    return out;
  }

  private Path snapshotFile(String index) {
    int id = db.indexes("c").stream().filter(d -> d.name().equals(index)).findFirst().get().id();
    return root.resolve("t").resolve(VectorSnapshots.DIRECTORY).resolve(id + ".snapshot");
  }

  @ParameterizedTest
  @EnumSource(VectorEngine.class)
  void reopeningLoadsTheSnapshotAndAnswersAsBefore(VectorEngine engine) {
    createIndex("byV", engine);
    List<List<VectorHit>> before = answers("byV");
    VectorIndexStats built = db.vectors().stats("c", "byV");
    assertThat(built.rebuilds()).isEqualTo(1);
    assertThat(built.loadedFromSnapshot()).isFalse();
    Path file = snapshotFile("byV");

    reopen();
    assertThat(file).exists();
    assertThat(answers("byV")).isEqualTo(before);
    VectorIndexStats loaded = db.vectors().stats("c", "byV");
    assertThat(loaded.loadedFromSnapshot()).isTrue();
    assertThat(loaded.rebuilds()).isZero();
    assertThat(loaded.vectors()).isEqualTo(COUNT);
    assertThat(loaded.snapshotSequence()).isEqualTo(loaded.appliedSequence());
    assertThat(loaded.heapBytes()).isGreaterThan((long) COUNT * DIM * Float.BYTES);
  }

  @Test
  void changesAfterTheSnapshotAreCaughtUpFromTheLog() {
    createIndex("byV", VectorEngine.LUCENE_HNSW);
    reopen(); // the snapshot reflects every document so far
    db.remove("c", "d0");
    db.replace("c", "d1", VectorData.document(1, data[2]));
    float[] fresh = new float[DIM];
    java.util.Arrays.fill(fresh, 7f);
    db.insert("c", VectorData.document(COUNT, fresh));

    assertThat(db.vectors().approximate("c", "byV", fresh, 1, 0))
        .containsExactly(new VectorHit("d" + COUNT, 0f));
    assertThat(db.vectors().distances("c", "byV", data[0], List.of("d0"))).isEmpty();
    assertThat(db.vectors().distances("c", "byV", data[2], List.of("d1")))
        .containsExactly(new VectorHit("d1", 0f));
    VectorIndexStats stats = db.vectors().stats("c", "byV");
    assertThat(stats.loadedFromSnapshot()).isTrue();
    assertThat(stats.rebuilds()).isZero();
    assertThat(stats.vectors()).isEqualTo(COUNT);
    // Three changes are not worth a snapshot of their own until the database closes.
    assertThat(stats.snapshotSequence()).isLessThan(stats.appliedSequence());

    reopen();
    stats = db.vectors().stats("c", "byV");
    assertThat(stats.loadedFromSnapshot()).isTrue();
    assertThat(stats.rebuilds()).isZero();
    assertThat(db.vectors().approximate("c", "byV", fresh, 1, 0))
        .containsExactly(new VectorHit("d" + COUNT, 0f));
  }

  @ParameterizedTest
  @ValueSource(strings = {"flipped byte", "truncated", "empty", "other format", "other index"})
  void aDamagedOrForeignSnapshotIsDiscardedAndTheIndexRebuilt(String damage) throws IOException {
    createIndex("byV", VectorEngine.LUCENE_HNSW);
    createIndex("other", VectorEngine.LUCENE_HNSW);
    List<List<VectorHit>> before = answers("byV");
    Path file = snapshotFile("byV");
    Path other = snapshotFile("other");
    host.close();

    byte[] bytes = Files.readAllBytes(file);
    switch (damage) {
      case "flipped byte" -> {
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
      }
      case "truncated" -> Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 3));
      case "empty" -> Files.write(file, new byte[0]);
      case "other format" -> {
        // A future format version, its checksum intact: the version is checked, not guessed.
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        b.putInt(Integer.BYTES, b.getInt(Integer.BYTES) + 1);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, bytes.length - Long.BYTES);
        b.putLong(bytes.length - Long.BYTES, crc.getValue());
        Files.write(file, bytes);
      }
      // Intact, with a valid checksum, but written for another index.
      default -> Files.copy(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    host = EngineHost.start(VectorIndexTest.settings(root));
    db = host.open("t");

    assertThat(answers("byV")).isEqualTo(before);
    VectorIndexStats stats = db.vectors().stats("c", "byV");
    assertThat(stats.loadedFromSnapshot()).isFalse();
    assertThat(stats.rebuilds()).isEqualTo(1);
    assertThat(db.vectors().stats("c", "other").loadedFromSnapshot()).isTrue();
  }

  @Test
  void enoughChangesWriteASnapshotWhileTheDatabaseStaysOpen() {
    createIndex("byV", VectorEngine.LUCENE_HNSW);
    VectorIndexStats built = db.vectors().stats("c", "byV");
    assertThat(built.snapshotSequence()).as("3,000 documents are not worth one yet").isEqualTo(-1);

    float[][] more = VectorData.clustered((int) VectorSnapshots.CHANGES_PER_SNAPSHOT, DIM, 20, 13);
    List<ObjectNode> docs = new ArrayList<>();
    for (int i = 0; i < more.length; i++) {
      docs.add(VectorData.document(COUNT + i, more[i]));
    }
    db.insertAll("c", docs, WriteOptions.DEFAULT);
    VectorIndexStats caughtUp = db.vectors().stats("c", "byV");
    assertThat(caughtUp.snapshotSequence()).isEqualTo(caughtUp.appliedSequence());
    assertThat(snapshotFile("byV")).exists();
  }

  @Test
  void aSnapshotOlderThanTheTrimmedLogIsNotTrusted() {
    createIndex("byV", VectorEngine.LUCENE_HNSW);
    reopen();
    // Changed and trimmed without a search: the index never loaded, so no newer snapshot exists.
    db.remove("c", "d5");
    db.trimChangesBefore(db.lastSequence() + 1);
    reopen();

    assertThat(db.vectors().distances("c", "byV", data[5], List.of("d5"))).isEmpty();
    VectorIndexStats stats = db.vectors().stats("c", "byV");
    assertThat(stats.rebuilds()).isEqualTo(1);
    assertThat(stats.vectors()).isEqualTo(COUNT - 1);
  }

  @Test
  void droppingAnIndexOrItsCollectionDeletesTheSnapshot() {
    createIndex("byV", VectorEngine.LUCENE_HNSW);
    createIndex("second", VectorEngine.LUCENE_HNSW);
    Path first = snapshotFile("byV");
    Path second = snapshotFile("second");
    reopen();
    assertThat(first).exists();
    assertThat(second).exists();

    db.dropIndex("c", "byV");
    assertThat(first).doesNotExist();

    db.dropCollection("c");
    reopen();
    db.collections(); // opens the store, which removes what belongs to no index
    assertThat(second).doesNotExist();
  }

  @Test
  void anEvictedDatabaseWritesItsSnapshotAndFreesTheGraph() {
    host.close();
    host = EngineHost.start(VectorIndexTest.settings(root).withMaxOpenDatabases(1));
    db = host.open("t");
    createIndex("byV", VectorEngine.LUCENE_HNSW);
    db.insert("c", VectorData.document(COUNT, data[0]));
    List<List<VectorHit>> before = answers("byV");
    long heap = host.vectorIndexBytes();
    // At least the vectors themselves.
    assertThat(heap).isGreaterThan((long) (COUNT + 1) * DIM * Float.BYTES);
    assertThat(db.vectors().stats("c", "byV").heapBytes()).isEqualTo(heap);

    host.create("u"); // evicts "t"
    assertThat(host.vectorIndexBytes()).isZero();

    assertThat(answers("byV")).isEqualTo(before);
    VectorIndexStats stats = db.vectors().stats("c", "byV");
    assertThat(stats.loadedFromSnapshot()).isTrue();
    assertThat(stats.rebuilds()).isZero();
    assertThat(stats.vectors()).isEqualTo(COUNT + 1);
  }
}
