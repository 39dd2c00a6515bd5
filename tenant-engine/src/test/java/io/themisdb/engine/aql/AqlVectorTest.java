package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.Transaction;
import io.themisdb.engine.WriteOptions;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.index.VectorOptions;
import io.themisdb.engine.spi.VectorMetric;
import io.themisdb.engine.vector.VectorData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AqlVectorTest extends AqlFixture {
  private static final int DIM = 16;
  private float[][] data;

  @BeforeEach
  void load() {
    data = VectorData.clustered(3_000, DIM, 20, 11);
    db.createCollection("c", CollectionType.DOCUMENT);
    List<ObjectNode> docs = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      docs.add(VectorData.document(i, data[i]).put("tag", i % 10));
    }
    db.insertAll("c", docs, WriteOptions.DEFAULT);
    db.createIndex("c", IndexSpec.of("byTag", "tag"), null);
    db.createIndex(
        "c", IndexSpec.vector("byV", "v", VectorOptions.of(DIM, VectorMetric.EUCLIDEAN)), null);
  }

  private List<String> keys(String aql, float[] q) {
    return run(aql, Map.of("q", q)).stream().map(JsonNode::stringValue).toList();
  }

  private List<String> bruteForce(float[] q, VectorMetric metric, IntPredicate filter) {
    return IntStream.range(0, data.length)
        .filter(filter)
        .boxed()
        .sorted(Comparator.comparingDouble(i -> metric.distance(q, data[i], 0)))
        .limit(10)
        .map(i -> "d" + i)
        .toList();
  }

  @Test
  void sortByApproxNearUsesTheVectorIndexAndFindsTheNearest() {
    String aql = "FOR d IN c SORT APPROX_NEAR_L2(d.v, @q) LIMIT 10 RETURN d._key";
    assertThat(db.explain(aql, Map.of("q", data[0])))
        .contains("ScanVector d IN c USING byV [v] (vector, euclidean) NEAR @q LIMIT 10");
    double recall = 0;
    float[][] queries = VectorData.clustered(20, DIM, 20, 12);
    for (float[] q : queries) {
      List<String> found = keys(aql, q);
      assertThat(found).hasSize(10);
      recall += VectorData.recall(bruteForce(q, VectorMetric.EUCLIDEAN, i -> true), found);
    }
    assertThat(recall / queries.length).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void aSelectiveFilterOnAPersistentIndexPreFiltersAndRanksExactly() {
    String aql = "FOR d IN c FILTER d.tag == 3 SORT APPROX_NEAR_L2(d.v, @q) LIMIT 10 RETURN d._key";
    assertThat(db.explain(aql, Map.of("q", data[0])))
        .contains("pre-filter USING byTag [tag] WHERE (d.tag == 3)");
    for (float[] q : VectorData.clustered(5, DIM, 20, 13)) {
      assertThat(keys(aql, q)).isEqualTo(bruteForce(q, VectorMetric.EUCLIDEAN, i -> i % 10 == 3));
    }
  }

  @Test
  void aFilterWithoutAnIndexPostFiltersByOverQuerying() {
    String aql =
        "FOR d IN c FILTER d.n % 100 == 7 SORT APPROX_NEAR_L2(d.v, @q) LIMIT 10 RETURN d._key";
    assertThat(db.explain(aql, Map.of("q", data[0]))).contains("post-filter");
    float[] q = data[7];
    List<String> found = keys(aql, q);
    List<String> exact = bruteForce(q, VectorMetric.EUCLIDEAN, i -> i % 100 == 7);
    assertThat(found).hasSize(10);
    assertThat(VectorData.recall(exact, found)).isGreaterThanOrEqualTo(0.8);
    assertThat(found.getFirst()).isEqualTo("d7");
  }

  @Test
  void exactNearGoesThroughTheAcceleratorAndEqualsBruteForce() {
    db.createIndex(
        "c", IndexSpec.vector("byCos", "v", VectorOptions.of(DIM, VectorMetric.COSINE)), null);
    String aql = "FOR d IN c SORT EXACT_NEAR_COSINE(d.v, @q) LIMIT 10 RETURN d._key";
    assertThat(db.explain(aql, Map.of("q", data[0])))
        .contains("USING byCos")
        .contains("exact on cpu");
    for (float[] q : VectorData.clustered(5, DIM, 20, 14)) {
      assertThat(keys(aql, q)).isEqualTo(bruteForce(q, VectorMetric.COSINE, i -> true));
    }
  }

  @Test
  void withoutAMatchingIndexTheQueryScansAndSortsExactly() {
    // The index is Euclidean: DOT finds no index and runs as a full scan with a sort.
    String aql = "FOR d IN c SORT APPROX_NEAR_DOT(d.v, @q) LIMIT 10 RETURN d._key";
    assertThat(db.explain(aql, Map.of("q", data[0]))).doesNotContain("ScanVector");
    float[] q = data[1];
    assertThat(keys(aql, q)).isEqualTo(bruteForce(q, VectorMetric.DOT, i -> true));
  }

  @Test
  void functionsComputeDistancesAndNullForNonVectors() {
    assertThat(
            json(
                "RETURN [APPROX_NEAR_L2([0, 0], [3, 4]), APPROX_NEAR_COSINE([1, 0], [0, 2]),"
                    + " EXACT_NEAR_DOT([1, 2], [3, 4]), APPROX_NEAR_L2([1], [1, 2]),"
                    + " APPROX_NEAR_COSINE('a', [1])]"))
        .isEqualTo("[[5,1,-11,null,null]]");
  }

  @Test
  void aQueryVectorOfTheWrongShapeFailsPrecisely() {
    assertThatThrownBy(
            () ->
                run(
                    "FOR d IN c SORT APPROX_NEAR_L2(d.v, @q) LIMIT 10 RETURN d",
                    Map.of("q", "text")))
        .isInstanceOf(AqlExecutionException.class)
        .hasMessageContaining("APPROX_NEAR_L2 needs a number array");
    assertThatThrownBy(
            () ->
                run(
                    "FOR d IN c SORT APPROX_NEAR_L2(d.v, @q) LIMIT 10 RETURN d",
                    Map.of("q", new float[] {1, 2})))
        .isInstanceOf(AqlExecutionException.class)
        .hasMessageContaining("dimension 16");
  }

  @Test
  void changesAreVisibleAndATransactionSeesItsOwnRemovals() {
    String aql = "FOR d IN c SORT APPROX_NEAR_L2(d.v, @q) LIMIT 1 RETURN d._key";
    float[] far = new float[DIM];
    java.util.Arrays.fill(far, 50);
    db.insert("c", VectorData.document(99_999, far));
    assertThat(keys(aql, far)).containsExactly("d99999");
    try (Transaction t = db.begin()) {
      t.remove("c", "d99999");
      try (QueryCursor c = t.query(aql, Map.of("q", far), QueryOptions.DEFAULT)) {
        assertThat(c.all().getFirst().stringValue()).isNotEqualTo("d99999");
      }
      t.abort();
    }
    assertThat(keys(aql, far)).containsExactly("d99999");
    db.remove("c", "d99999");
    assertThat(keys(aql, far)).doesNotContain("d99999");
  }
}
