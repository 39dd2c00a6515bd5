package io.themisdb.engine;

/**
 * Size of a collection, for metering.
 *
 * @param approximateBytes RocksDB's estimate of the stored documents and index entries
 */
public record CollectionStats(long documentCount, long approximateBytes) {}
