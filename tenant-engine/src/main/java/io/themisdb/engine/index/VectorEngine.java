package io.themisdb.engine.index;

/** The graph library behind a vector index; both sit behind one interface in the engine. */
public enum VectorEngine {
  /** Lucene's HNSW graph (the default: faster at equal recall, see docs/performance.md). */
  LUCENE_HNSW,
  /** jvector's Vamana/HNSW hybrid graph. */
  JVECTOR
}
