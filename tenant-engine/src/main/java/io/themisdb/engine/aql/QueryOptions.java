package io.themisdb.engine.aql;

import java.time.Duration;

/**
 * Options of one AQL query.
 *
 * @param batchSize how many results {@link QueryCursor#nextBatch()} returns at most
 * @param timeout the query fails with {@link AqlExecutionException} after this; null: the
 *     transaction timeout of the host
 * @param maxResults the query fails once it would return more values; 0: no limit
 * @param profile count rows and time per operator, for {@link QueryCursor#profile()}
 * @param maxMemoryBytes the query fails once the values its operators hold (SORT, COLLECT, windows,
 *     DISTINCT, hash joins, graph traversals and path searches; estimated) exceed this; 0: no limit
 */
public record QueryOptions(
    int batchSize, Duration timeout, long maxResults, boolean profile, long maxMemoryBytes) {
  public static final QueryOptions DEFAULT = new QueryOptions(1000, null, 0, false, 0);

  public QueryOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1");
    }
    if (maxResults < 0 || maxMemoryBytes < 0) {
      throw new IllegalArgumentException("maxResults and maxMemoryBytes must not be negative");
    }
  }

  public QueryOptions withBatchSize(int size) {
    return new QueryOptions(size, timeout, maxResults, profile, maxMemoryBytes);
  }

  public QueryOptions withTimeout(Duration limit) {
    return new QueryOptions(batchSize, limit, maxResults, profile, maxMemoryBytes);
  }

  public QueryOptions withMaxResults(long max) {
    return new QueryOptions(batchSize, timeout, max, profile, maxMemoryBytes);
  }

  public QueryOptions withProfile() {
    return new QueryOptions(batchSize, timeout, maxResults, true, maxMemoryBytes);
  }

  public QueryOptions withMaxMemoryBytes(long bytes) {
    return new QueryOptions(batchSize, timeout, maxResults, profile, bytes);
  }
}
