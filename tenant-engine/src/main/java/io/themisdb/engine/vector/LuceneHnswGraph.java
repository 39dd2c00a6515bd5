package io.themisdb.engine.vector;

import io.themisdb.engine.index.VectorOptions;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.IntPredicate;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
import org.apache.lucene.util.hnsw.UpdateableRandomVectorScorer;

/**
 * Lucene's on-heap HNSW graph, built incrementally over the store's ordinals.
 *
 * <p>Snapshots write the per-level neighbour lists themselves: Lucene's own on-disk HNSW format
 * belongs to its codec (segments, a {@code Directory}, document ids) and cannot be loaded back into
 * a graph that keeps growing, whereas an {@link OnHeapHnswGraph} can be refilled node by node
 * through its public API and then extended by the same builder.
 */
final class LuceneHnswGraph implements VectorGraph {
  /** Fixed so that the same documents give the same graph, run after run. */
  private static final long SEED = 0x5EED_7E57L;

  private final VectorStore store;
  private final HnswGraphBuilder builder;

  LuceneHnswGraph(VectorStore store, VectorOptions options) {
    this.store = store;
    try {
      this.builder =
          HnswGraphBuilder.create(
              new ScorerSupplier(), options.maxDegree(), options.beamWidth(), SEED);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void add(int ord) {
    try {
      builder.addGraphNode(ord);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Levels from the top down (a node is added from its top level first), each as its nodes with
   * their neighbours and scores in the graph's own order.
   */
  @Override
  public void write(DataOutput out) throws IOException {
    OnHeapHnswGraph graph = builder.getGraph();
    int levels = graph.size() == 0 ? 0 : graph.numLevels();
    out.writeInt(graph.size());
    out.writeInt(levels);
    out.writeInt(graph.entryNode());
    // One block per node rather than a call per link: a reopen reads millions of links.
    ByteBuffer block =
        ByteBuffer.allocate(2 * Integer.BYTES * (2 * graph.maxConn() + 1)).order(VectorIndex.ROWS);
    for (int level = levels - 1; level >= 0; level--) {
      HnswGraph.NodesIterator nodes = graph.getNodesOnLevel(level);
      out.writeInt(nodes.size());
      while (nodes.hasNext()) {
        int node = nodes.nextInt();
        NeighborArray neighbours = graph.getNeighbors(level, node);
        out.writeInt(node);
        out.writeInt(neighbours.size());
        int[] ords = neighbours.nodes();
        block.clear();
        for (int i = 0; i < neighbours.size(); i++) {
          block.putInt(ords[i]).putFloat(neighbours.getScores(i));
        }
        out.write(block.array(), 0, block.position());
      }
    }
  }

  static LuceneHnswGraph read(DataInput in, VectorStore store, VectorOptions options)
      throws IOException {
    LuceneHnswGraph g = new LuceneHnswGraph(store, options);
    OnHeapHnswGraph graph = g.builder.getGraph();
    int size = in.readInt();
    int levels = in.readInt();
    int entry = in.readInt();
    check(size == store.size(), "graph of " + size + " nodes over " + store.size() + " vectors");
    check(levels >= 0 && levels <= 64, "levels " + levels);
    check(size == 0 ? levels == 0 : entry >= 0 && entry < size, "entry node " + entry);
    byte[] block = new byte[2 * Integer.BYTES * (2 * options.maxDegree() + 1)];
    ByteBuffer links = ByteBuffer.wrap(block).order(VectorIndex.ROWS);
    for (int level = levels - 1; level >= 0; level--) {
      int count = in.readInt();
      check(count >= 0 && count <= size && (level > 0 || count == size), "level size " + count);
      for (int i = 0; i < count; i++) {
        int node = in.readInt();
        check(node >= 0 && node < size, "node " + node);
        graph.addNode(level, node);
        NeighborArray neighbours = graph.getNeighbors(level, node);
        int degree = in.readInt();
        check(degree >= 0 && degree <= neighbours.maxSize(), "degree " + degree);
        in.readFully(block, 0, degree * 2 * Integer.BYTES);
        links.clear();
        for (int j = 0; j < degree; j++) {
          int neighbour = links.getInt();
          check(neighbour >= 0 && neighbour < size, "neighbour " + neighbour);
          neighbours.addOutOfOrder(neighbour, links.getFloat());
        }
      }
    }
    check(graph.size() == size, "graph holds " + graph.size() + " of " + size + " nodes");
    if (size > 0) {
      graph.trySetNewEntryNode(entry, levels - 1);
    }
    return g;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("malformed HNSW graph: " + what);
    }
  }

  @Override
  public long ramBytesUsed() {
    return builder.getGraph().ramBytesUsed();
  }

  @Override
  public int[] search(float[] query, int k, int ef, IntPredicate accept) {
    if (builder.getGraph().size() == 0) {
      return new int[0];
    }
    int limit = store.size();
    Bits bits =
        accept == null
            ? null
            : new Bits() {
              @Override
              public boolean get(int index) {
                return accept.test(index);
              }

              @Override
              public int length() {
                return limit;
              }
            };
    TopKnnCollector collector = new TopKnnCollector(Math.max(k, ef), Integer.MAX_VALUE);
    try {
      // Through a view with its own neighbour cursor: the graph's seek/nextNeighbor cursor is
      // shared state, which concurrent searches would corrupt.
      HnswGraphSearcher.search(
          new Scorer(query, limit), collector, new SearchView(builder.getGraph()), bits);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ScoreDoc[] docs = collector.topDocs().scoreDocs;
    int[] ords = new int[Math.min(k, docs.length)];
    for (int i = 0; i < ords.length; i++) {
      ords[i] = docs[i].doc;
    }
    return ords;
  }

  /** Scores stored vectors against a query vector. */
  private class Scorer implements RandomVectorScorer {
    float[] query;
    final int maxOrd;

    Scorer(float[] query, int maxOrd) {
      this.query = query;
      this.maxOrd = maxOrd;
    }

    @Override
    public float score(int node) {
      return store.similarity(query, store.get(node));
    }

    @Override
    public int maxOrd() {
      return maxOrd;
    }
  }

  /** What the builder scores with: stored vectors against another stored vector. */
  private final class ScorerSupplier implements RandomVectorScorerSupplier {
    @Override
    public UpdateableRandomVectorScorer scorer() {
      return new BuildScorer();
    }

    @Override
    public RandomVectorScorerSupplier copy() {
      return this;
    }
  }

  private final class BuildScorer extends Scorer implements UpdateableRandomVectorScorer {
    BuildScorer() {
      super(null, Integer.MAX_VALUE);
    }

    @Override
    public void setScoringOrdinal(int node) {
      query = store.get(node);
    }

    @Override
    public int maxOrd() {
      return store.size();
    }
  }

  /** The graph as one search reads it: shared nodes, a cursor of its own. */
  private static final class SearchView extends HnswGraph {
    private final OnHeapHnswGraph graph;
    private int[] neighbours;
    private int count;
    private int upto;

    SearchView(OnHeapHnswGraph graph) {
      this.graph = graph;
    }

    @Override
    public void seek(int level, int target) {
      NeighborArray a = graph.getNeighbors(level, target);
      neighbours = a.nodes();
      count = a.size();
      upto = -1;
    }

    @Override
    public int nextNeighbor() {
      return ++upto < count ? neighbours[upto] : DocIdSetIterator.NO_MORE_DOCS;
    }

    @Override
    public int neighborCount() {
      return count;
    }

    @Override
    public int size() {
      return graph.size();
    }

    @Override
    public int maxNodeId() {
      return graph.maxNodeId();
    }

    @Override
    public int numLevels() {
      return graph.numLevels();
    }

    @Override
    public int maxConn() {
      return graph.maxConn();
    }

    @Override
    public int entryNode() {
      return graph.entryNode();
    }

    @Override
    public NodesIterator getNodesOnLevel(int level) {
      return graph.getNodesOnLevel(level);
    }
  }
}
