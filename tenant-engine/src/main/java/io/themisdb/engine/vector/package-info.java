/**
 * Per-collection vector indexes: approximate nearest-neighbour graphs (Lucene HNSW by default,
 * jvector selectable) held in memory and derived from the change log, so that after a crash or a
 * reopen they catch up with the documents instead of falling silently behind. {@link
 * io.themisdb.engine.vector.VectorSnapshots} keeps a checksummed snapshot of each graph on disk, so
 * that a reopen loads it and catches up from its sequence rather than rebuilding.
 */
package io.themisdb.engine.vector;
