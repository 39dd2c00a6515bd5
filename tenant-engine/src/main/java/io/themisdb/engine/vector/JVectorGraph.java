package io.themisdb.engine.vector;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.themisdb.engine.index.VectorOptions;
import io.themisdb.engine.spi.VectorMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** jvector's graph (hierarchical Vamana), built incrementally over the store's ordinals. */
final class JVectorGraph implements VectorGraph {
  private static final VectorTypeSupport VTS =
      VectorizationProvider.getInstance().getVectorTypeSupport();

  private final VectorStore store;
  private final List<VectorFloat<?>> vectors = new ArrayList<>();
  private final VectorSimilarityFunction function;
  private final RandomAccessVectorValues values;
  private final GraphIndexBuilder builder;

  JVectorGraph(VectorStore store, VectorOptions options) {
    this.store = store;
    // Cosine vectors are stored normalized: the dot product orders them the same, cheaper.
    this.function =
        store.metric == VectorMetric.EUCLIDEAN
            ? VectorSimilarityFunction.EUCLIDEAN
            : VectorSimilarityFunction.DOT_PRODUCT;
    this.values = new Values();
    this.builder =
        new GraphIndexBuilder(
            BuildScoreProvider.randomAccessScoreProvider(values, function),
            store.dimension,
            options.maxDegree(),
            options.beamWidth(),
            1.2f,
            1.2f,
            true,
            false);
  }

  @Override
  public void add(int ord) {
    while (vectors.size() <= ord) {
      vectors.add(VTS.createFloatVector(store.get(vectors.size())));
    }
    builder.addGraphNode(ord, vectors.get(ord));
  }

  @Override
  public int[] search(float[] query, int k, int ef, IntPredicate accept) {
    if (vectors.isEmpty()) {
      return new int[0];
    }
    Bits bits = accept == null ? Bits.ALL : accept::test;
    SearchResult result =
        GraphSearcher.search(
            VTS.createFloatVector(query),
            k,
            Math.max(k, ef),
            values,
            function,
            builder.getGraph(),
            bits);
    SearchResult.NodeScore[] nodes = result.getNodes();
    int[] ords = new int[Math.min(k, nodes.length)];
    for (int i = 0; i < ords.length; i++) {
      ords[i] = nodes[i].node;
    }
    return ords;
  }

  /** The store's vectors as jvector reads them. */
  private final class Values implements RandomAccessVectorValues {
    @Override
    public int size() {
      return vectors.size();
    }

    @Override
    public int dimension() {
      return store.dimension;
    }

    @Override
    public VectorFloat<?> getVector(int ord) {
      return vectors.get(ord);
    }

    @Override
    public boolean isValueShared() {
      return false;
    }

    @Override
    public RandomAccessVectorValues copy() {
      return this;
    }
  }
}
