package io.themisdb.engine.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.Transaction;
import io.themisdb.engine.UnknownIndexException;
import io.themisdb.engine.WriteOptions;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.index.VectorEngine;
import io.themisdb.engine.index.VectorOptions;
import io.themisdb.engine.spi.VectorMetric;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.ObjectNode;

class VectorIndexTest {
  private static final int DIM = 128;

  @TempDir Path root;
  private EngineHost host;
  private TenantDatabase db;

  @BeforeEach
  void start() {
    host = EngineHost.start(settings(root));
    db = host.create("t");
    db.createCollection("c", CollectionType.DOCUMENT);
  }

  @AfterEach
  void stop() {
    host.close();
  }

  static EngineSettings settings(Path root) {
    return EngineSettings.defaults(root)
        .withMemoryBudget(64L << 20)
        .withIdleTimeout(Duration.ZERO)
        .withTtlSweepInterval(Duration.ZERO);
  }

  private static void load(TenantDatabase db, float[][] data) {
    for (int from = 0; from < data.length; from += 1000) {
      List<ObjectNode> batch = new ArrayList<>();
      for (int i = from; i < Math.min(data.length, from + 1000); i++) {
        batch.add(VectorData.document(i, data[i]));
      }
      db.insertAll("c", batch, WriteOptions.DEFAULT);
    }
  }

  private double recall(float[][] data, float[][] queries, VectorMetric metric, String index) {
    double sum = 0;
    for (float[] q : queries) {
      List<String> found =
          db.vectors().approximate("c", index, q, 10, 0).stream().map(VectorHit::key).toList();
      sum += VectorData.recall(VectorData.exactNearest(data, q, 10, metric), found);
    }
    return sum / queries.length;
  }

  @Test
  void defaultIndexReachesRecallAtTenOfNinetySevenPercentOnClusteredData() {
    float[][] data = VectorData.clustered(20_000, DIM, 100, 42);
    load(db, data);
    db.createIndex(
        "c", IndexSpec.vector("byV", "v", VectorOptions.of(DIM, VectorMetric.EUCLIDEAN)), null);
    float[][] queries = VectorData.clustered(200, DIM, 100, 42 + 1);
    double clustered = recall(data, queries, VectorMetric.EUCLIDEAN, "byV");
    System.out.printf("recall@10 clustered (Lucene HNSW, defaults): %.4f%n", clustered);
    assertThat(clustered).isGreaterThanOrEqualTo(0.97);
  }

  @Test
  void uniformRandomRecallIsReported() {
    float[][] data = VectorData.uniform(20_000, DIM, 7);
    load(db, data);
    db.createIndex(
        "c", IndexSpec.vector("byV", "v", VectorOptions.of(DIM, VectorMetric.EUCLIDEAN)), null);
    double uniform = recall(data, VectorData.uniform(100, DIM, 8), VectorMetric.EUCLIDEAN, "byV");
    System.out.printf("recall@10 uniform random (Lucene HNSW, defaults): %.4f%n", uniform);
    // Uniform data in 128 dimensions is the hard case; the bar is lower, but it must be a search.
    assertThat(uniform).isGreaterThan(0.3);
  }

  @ParameterizedTest
  @EnumSource(VectorEngine.class)
  void bothEnginesFindNearNeighboursForEveryMetric(VectorEngine engine) {
    float[][] data = VectorData.clustered(3_000, 32, 20, 3);
    load(db, data);
    for (VectorMetric metric : VectorMetric.values()) {
      if (engine == VectorEngine.JVECTOR && metric == VectorMetric.DOT) {
        assertThatThrownBy(() -> VectorOptions.of(32, metric).withEngine(engine))
            .hasMessageContaining("use LUCENE_HNSW for DOT");
        continue;
      }
      String name = "by" + metric;
      db.createIndex(
          "c", IndexSpec.vector(name, "v", VectorOptions.of(32, metric).withEngine(engine)), null);
      double r = recall(data, VectorData.clustered(50, 32, 20, 4), metric, name);
      assertThat(r).as(engine + " " + metric).isGreaterThanOrEqualTo(0.9);
    }
  }

  @Test
  void exactSearchThroughTheAcceleratorEqualsBruteForce() {
    float[][] data = VectorData.clustered(2_000, 16, 10, 5);
    load(db, data);
    db.createIndex(
        "c", IndexSpec.vector("byV", "v", VectorOptions.of(16, VectorMetric.COSINE)), null);
    for (float[] q : VectorData.clustered(20, 16, 10, 6)) {
      List<String> exact = VectorData.exactNearest(data, q, 10, VectorMetric.COSINE);
      List<String> found =
          db.vectors().exact("c", "byV", q, 10).stream().map(VectorHit::key).toList();
      assertThat(found).isEqualTo(exact);
    }
  }

  @Test
  void insertsUpdatesAndRemovesAreVisibleToTheNextSearch() {
    db.createIndex(
        "c", IndexSpec.vector("byV", "v", VectorOptions.of(2, VectorMetric.EUCLIDEAN)), null);
    db.insert("c", json("{\"_key\":\"a\",\"v\":[0,0]}"));
    db.insert("c", json("{\"_key\":\"b\",\"v\":[5,5]}"));
    assertThat(keys(new float[] {4, 4}, 1)).containsExactly("b");

    db.update("c", "a", json("{\"v\":[4,4]}"));
    assertThat(keys(new float[] {4, 4}, 1)).containsExactly("a");

    db.remove("c", "a");
    assertThat(keys(new float[] {4, 4}, 5)).containsExactly("b");

    // A document whose attribute stops being a vector of the index's dimension leaves the index.
    db.update("c", "b", json("{\"v\":[1,2,3]}"));
    assertThat(keys(new float[] {4, 4}, 5)).isEmpty();
    db.update("c", "b", json("{\"v\":\"text\"}"));
    db.insert("c", json("{\"_key\":\"n\",\"v\":[1,null]}"));
    assertThat(db.vectors().size("c", "byV")).isZero();
  }

  @Test
  void aRolledBackTransactionLeavesNoPhantom() {
    db.createIndex(
        "c", IndexSpec.vector("byV", "v", VectorOptions.of(2, VectorMetric.EUCLIDEAN)), null);
    db.insert("c", json("{\"_key\":\"a\",\"v\":[0,0]}"));
    try (Transaction t = db.begin()) {
      t.insert("c", json("{\"_key\":\"p\",\"v\":[9,9]}"));
      t.update("c", "a", json("{\"v\":[8,8]}"));
      t.abort();
    }
    List<VectorHit> hits = db.vectors().approximate("c", "byV", new float[] {9, 9}, 5, 0);
    assertThat(hits).containsExactly(new VectorHit("a", 162f));
  }

  @Test
  void filteredNearestOverQueriesUntilEnoughDocumentsPass() {
    float[][] data = VectorData.clustered(2_000, 8, 5, 9);
    load(db, data);
    db.createIndex(
        "c", IndexSpec.vector("byV", "v", VectorOptions.of(8, VectorMetric.EUCLIDEAN)), null);
    float[] q = data[0];
    // Only one document in 50 passes: the first graph answer holds too few.
    List<VectorNeighbour> found =
        db.vectors().nearest("c", "byV", q, 10, d -> d.get("n").intValue() % 50 == 0, false);
    assertThat(found).hasSize(10);
    assertThat(found).allMatch(n -> n.document().get("n").intValue() % 50 == 0);
    List<VectorNeighbour> exact =
        db.vectors().nearest("c", "byV", q, 10, d -> d.get("n").intValue() % 50 == 0, true);
    assertThat(exact.stream().map(n -> n.document().get("_key").stringValue()))
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, data.length)
                .filter(i -> i % 50 == 0)
                .boxed()
                .sorted(
                    java.util.Comparator.comparingDouble(
                        i -> VectorMetric.EUCLIDEAN.distance(q, data[i], 0)))
                .limit(10)
                .map(i -> "d" + i)
                .toList());
  }

  @Test
  void theIndexIsRebuiltWhenTheLogWasTrimmedPastItAndCatchesUpAfterAReopen() {
    db.createIndex(
        "c", IndexSpec.vector("byV", "v", VectorOptions.of(2, VectorMetric.EUCLIDEAN)), null);
    db.insert("c", json("{\"_key\":\"a\",\"v\":[0,0]}"));
    assertThat(keys(new float[] {0, 0}, 5)).containsExactly("a");
    db.insert("c", json("{\"_key\":\"b\",\"v\":[1,1]}"));
    db.trimChangesBefore(db.lastSequence() + 1);
    assertThat(keys(new float[] {0, 0}, 5)).containsExactly("a", "b");
    host.close();
    host = EngineHost.start(settings(root));
    db = host.open("t");
    db.remove("c", "a");
    assertThat(keys(new float[] {0, 0}, 5)).containsExactly("b");
  }

  @Test
  void searchesDuringConcurrentWritesNeverMissACommittedDocument() throws Exception {
    db.createIndex(
        "c", IndexSpec.vector("byV", "v", VectorOptions.of(4, VectorMetric.EUCLIDEAN)), null);
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int writer = w;
      writers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < 150; i++) {
                        float[] v = {writer, i, 0, 0};
                        String key = "w" + writer + "-" + i;
                        db.insert("c", VectorData.document(0, v).put("_key", key));
                        // Committed: the next search must find it at distance 0.
                        List<VectorHit> hits = db.vectors().approximate("c", "byV", v, 1, 0);
                        if (hits.isEmpty() || hits.getFirst().distance() != 0f) {
                          throw new AssertionError(key + " not found after commit: " + hits);
                        }
                        if (i % 3 == 0) {
                          db.remove("c", key);
                        }
                      }
                    } catch (Throwable t) {
                      failure.compareAndSet(null, t);
                    }
                  }));
    }
    // Readers searching all the while: graph searches run concurrently with each other.
    java.util.concurrent.atomic.AtomicBoolean writing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      readers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      while (writing.get()) {
                        db.vectors().approximate("c", "byV", new float[] {1, 50, 0, 0}, 10, 0);
                      }
                    } catch (Throwable t) {
                      failure.compareAndSet(null, t);
                    }
                  }));
    }
    for (Thread t : writers) {
      t.join();
    }
    writing.set(false);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(db.vectors().size("c", "byV")).isEqualTo(200);
  }

  @Test
  void theGraphIsRebuiltFromTheLiveVectorsOnceTheDeadOutnumberThem() {
    db.createIndex(
        "c", IndexSpec.vector("byV", "v", VectorOptions.of(2, VectorMetric.EUCLIDEAN)), null);
    float[][] data = new float[1_200][];
    List<ObjectNode> docs = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      data[i] = new float[] {i, i % 7};
      docs.add(VectorData.document(i, data[i]));
    }
    db.insertAll("c", docs, WriteOptions.DEFAULT);
    assertThat(db.vectors().size("c", "byV")).isEqualTo(1_200);
    for (int i = 0; i < 1_100; i++) {
      db.remove("c", "d" + i);
    }
    // 1,100 dead nodes against 100 live ones: the next catch-up compacts the graph.
    assertThat(db.vectors().size("c", "byV")).isEqualTo(100);
    for (int i = 1_100; i < 1_200; i += 7) {
      assertThat(db.vectors().approximate("c", "byV", data[i], 1, 0))
          .containsExactly(new VectorHit("d" + i, 0f));
    }
    assertThat(db.vectors().approximate("c", "byV", data[0], 200, 0)).hasSize(100);
  }

  @Test
  void badQueriesAndIndexesFailPrecisely() {
    db.createIndex("c", IndexSpec.of("sorted", "n"), null);
    db.createIndex("c", IndexSpec.vector("byV", "v", VectorOptions.of(3, VectorMetric.DOT)), null);
    assertThatThrownBy(() -> db.vectors().approximate("c", "sorted", new float[3], 1, 0))
        .isInstanceOf(UnknownIndexException.class);
    assertThatThrownBy(() -> db.vectors().approximate("c", "byV", new float[2], 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension 3");
    assertThatThrownBy(
            () -> db.lookup("c", "byV", io.themisdb.engine.index.IndexQuery.all(), false, 10))
        .isInstanceOf(UnknownIndexException.class)
        .hasMessageContaining("is a vector index");
    assertThatThrownBy(() -> VectorOptions.of(0, VectorMetric.DOT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(db.indexes("c").getLast().vector()).isEqualTo(VectorOptions.of(3, VectorMetric.DOT));
  }

  private List<String> keys(float[] q, int k) {
    return db.vectors().approximate("c", "byV", q, k, 0).stream().map(VectorHit::key).toList();
  }

  private static ObjectNode json(String text) {
    return (ObjectNode) VectorData.JSON.readTree(text);
  }
}
