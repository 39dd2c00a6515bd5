package io.themisdb.engine.vector;

import io.github.jbellis.jvector.disk.ByteBufferReader;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
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
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * jvector's graph (hierarchical Vamana), built incrementally over the store's ordinals. Snapshots
 * use jvector's own on-heap graph format ({@link OnHeapGraphIndex#save}, {@link
 * GraphIndexBuilder#load}), which reloads into a builder that keeps growing.
 */
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

  /** jvector's format, length-prefixed: its reader wants the bytes at hand. */
  @Override
  public void write(DataOutput output) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OnHeapGraphIndex graph = (OnHeapGraphIndex) builder.getGraph();
    // save() refuses unless cleanup() ran, as a guard against concurrent inserts still running;
    // ours are synchronous and done. cleanup() itself would rewrite links (enforce degrees), so a
    // snapshot would change the answers of the graph it saves.
    graph.setAllMutationsCompleted();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      graph.save(out);
    }
    output.writeInt(bytes.size());
    output.write(bytes.toByteArray());
  }

  static JVectorGraph read(DataInput in, VectorStore store, VectorOptions options)
      throws IOException {
    int length = in.readInt();
    if (length < 0) {
      throw new IllegalArgumentException("malformed jvector graph: length " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    JVectorGraph g = new JVectorGraph(store, options);
    for (int ord = 0; ord < store.size(); ord++) {
      g.vectors.add(VTS.createFloatVector(store.get(ord)));
    }
    // jvector rescores every link from the vectors while loading.
    g.builder.load(new ByteBufferReader(ByteBuffer.wrap(bytes)));
    if (g.builder.getGraph().size() != store.size()) {
      throw new IllegalArgumentException(
          "malformed jvector graph: "
              + g.builder.getGraph().size()
              + " nodes over "
              + store.size()
              + " vectors");
    }
    return g;
  }

  @Override
  public long ramBytesUsed() {
    return builder.getGraph().ramBytesUsed();
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
