package io.themisdb.engine.vector;

/**
 * How one vector index stands in memory.
 *
 * @param vectors documents indexed
 * @param heapBytes an estimate of the heap the index holds: vectors (dimension × 4 bytes each,
 *     removed ones too until the graph is compacted), graph links, keys
 * @param appliedSequence the last change sequence the index reflects; -1 before its first use
 * @param snapshotSequence the sequence of its newest snapshot on disk; -1 when there is none
 * @param loadedFromSnapshot whether it started from a snapshot rather than the documents
 * @param rebuilds how often it was built from every document since it was created in memory
 */
public record VectorIndexStats(
    int vectors,
    long heapBytes,
    long appliedSequence,
    long snapshotSequence,
    boolean loadedFromSnapshot,
    int rebuilds) {}
