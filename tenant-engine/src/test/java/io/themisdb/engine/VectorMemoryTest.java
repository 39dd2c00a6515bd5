package io.themisdb.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.index.VectorOptions;
import io.themisdb.engine.spi.VectorMetric;
import io.themisdb.engine.vector.VectorData;
import io.themisdb.engine.vector.VectorHit;
import io.themisdb.engine.vector.VectorIndexStats;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vector indexes of all open databases share one heap budget (#8): beyond it, the least
 * recently used indexes of other databases are snapshot and let go, and reload on their next use.
 */
class VectorMemoryTest {
  static final float[] QUERY = {3.2f, 3, 0, 1};

  @TempDir Path root;
  EngineHost host;

  @AfterEach
  void stop() {
    host.close();
  }

  static List<String> keys(List<VectorHit> hits) {
    return hits.stream().map(VectorHit::key).toList();
  }

  @Test
  void usingOneDatabasesIndexLetsTheOthersGoAndItReloadsWithTheSameAnswers() {
    // A budget smaller than any index: each search keeps its own index and lets the others go.
    host = EngineHost.start(EngineFixture.settings(root).withVectorMemoryBytes(1));
    TenantDatabase a = DatabaseCloseTest.withVectors(host.create("a"), 80);
    TenantDatabase b = DatabaseCloseTest.withVectors(host.create("b"), 60);

    List<String> fromA = keys(a.vectors().approximate("c", "byV", QUERY, 5, 0));
    long heapA = a.vectors().stats("c", "byV").heapBytes();
    assertThat(host.vectorIndexBytes()).isEqualTo(heapA);
    List<String> fromB = keys(b.vectors().approximate("c", "byV", QUERY, 5, 0));
    // Loading b's index let a's go, after writing its snapshot; b's alone exceeds the budget.
    assertThat(host.vectorIndexBytes()).isEqualTo(b.vectors().stats("c", "byV").heapBytes());
    assertThat(root.resolve("a").resolve("vector-snapshots")).isNotEmptyDirectory();

    a.insert("c", VectorData.document(500, QUERY)); // while its index is not in memory
    List<VectorHit> again = a.vectors().approximate("c", "byV", QUERY, 6, 0);
    assertThat(again.getFirst().key()).isEqualTo("d500");
    assertThat(keys(again).subList(1, 6)).isEqualTo(fromA);
    VectorIndexStats stats = a.vectors().stats("c", "byV");
    assertThat(stats.loadedFromSnapshot()).isTrue();
    assertThat(stats.rebuilds()).isZero();
    assertThat(stats.vectors()).isEqualTo(81);
    assertThat(host.vectorIndexBytes()).isEqualTo(stats.heapBytes()); // b's went in turn

    assertThat(keys(b.vectors().approximate("c", "byV", QUERY, 5, 0))).isEqualTo(fromB);
    assertThat(b.vectors().stats("c", "byV").loadedFromSnapshot()).isTrue();
  }

  @Test
  void aDatabasesOwnIndexesStayAndAGenerousBudgetLetsNothingGo() {
    host = EngineHost.start(EngineFixture.settings(root).withVectorMemoryBytes(1));
    TenantDatabase a = DatabaseCloseTest.withVectors(host.create("a"), 40);
    a.createIndex(
        "c", IndexSpec.vector("byV2", "v", VectorOptions.of(4, VectorMetric.COSINE)), null);
    a.vectors().size("c", "byV");
    a.vectors().size("c", "byV2");
    assertThat(host.vectorIndexBytes())
        .isEqualTo(
            a.vectors().stats("c", "byV").heapBytes() + a.vectors().stats("c", "byV2").heapBytes());
    host.close();

    host = EngineHost.start(EngineFixture.settings(root).withVectorMemoryBytes(1L << 30));
    TenantDatabase b = DatabaseCloseTest.withVectors(host.create("b"), 40);
    host.open("a").vectors().size("c", "byV");
    b.vectors().size("c", "byV");
    assertThat(host.vectorIndexBytes())
        .isEqualTo(
            host.open("a").vectors().stats("c", "byV").heapBytes()
                + b.vectors().stats("c", "byV").heapBytes());
  }

  @Test
  void anExactSearchsCopyOfTheVectorsCountsAgainstTheBudget() {
    host = EngineHost.start(EngineFixture.settings(root).withVectorMemoryBytes(1L << 30));
    DatabaseCloseTest.withVectors(host.create("a"), 80).vectors().size("c", "byV");
    DatabaseCloseTest.withVectors(host.create("b"), 400).vectors().size("c", "byV");
    host.close(); // both write their snapshots
    host = EngineHost.start(EngineFixture.settings(root).withVectorMemoryBytes(1L << 30));
    long graphs = loadBoth();
    host.close();

    // Room for both graphs as they load from their snapshots, not for b's exact copy beside them
    // (400 vectors of 4 floats: 6,400 bytes).
    host = EngineHost.start(EngineFixture.settings(root).withVectorMemoryBytes(graphs + 1_024));
    assertThat(loadBoth()).isEqualTo(graphs);
    TenantDatabase b = host.open("b");
    assertThat(b.vectors().exact("c", "byV", QUERY, 5)).hasSize(5);

    // a's index was let go to make room for it
    assertThat(host.vectorIndexBytes()).isEqualTo(b.vectors().stats("c", "byV").heapBytes());
  }

  /** Loads the indexes of databases a and b; answers the host's vector heap then. */
  private long loadBoth() {
    host.open("a").vectors().size("c", "byV");
    host.open("b").vectors().size("c", "byV");
    return host.vectorIndexBytes();
  }

  @Test
  void theBudgetMustBePositive() {
    host = EngineHost.start(EngineFixture.settings(root));
    assertThat(host.settings().vectorMemoryBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    assertThatThrownBy(() -> EngineFixture.settings(root).withVectorMemoryBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vectorMemoryBytes");
  }
}
