package io.themisdb.engine.vector;

import io.themisdb.engine.index.VectorOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntPredicate;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
import org.apache.lucene.util.hnsw.UpdateableRandomVectorScorer;

/** Lucene's on-heap HNSW graph, built incrementally over the store's ordinals. */
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
    ScoreDoc[] docs;
    try {
      // This overload reads neighbours without the graph's shared seek cursor: searches may run
      // concurrently (the cursor-based one corrupts itself under concurrent searches).
      docs =
          HnswGraphSearcher.search(
                  new Scorer(query, limit),
                  Math.max(k, ef),
                  builder.getGraph(),
                  bits,
                  Integer.MAX_VALUE)
              .topDocs()
              .scoreDocs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
}
