/**
 * Per-collection vector indexes: approximate nearest-neighbour graphs (Lucene HNSW by default,
 * jvector selectable) held in memory and derived from the change log, so that after a crash or a
 * reopen they catch up with the documents instead of falling silently behind.
 */
package io.themisdb.engine.vector;
