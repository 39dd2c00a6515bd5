package io.themisdb.engine.aql;

import io.themisdb.engine.aql.exec.QueryContext;
import io.themisdb.engine.aql.plan.Pipeline;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import tools.jackson.databind.JsonNode;

/**
 * The results of a query, computed as they are read: a read-only query streams from its operators;
 * a query that writes has run to its end and committed before the cursor is returned. Read in
 * batches ({@link #nextBatch()}) or one by one; close it when done early, which ends the query's
 * own transaction. One thread at a time; {@link #cancel()} may come from any thread.
 */
public final class QueryCursor implements Iterator<JsonNode>, AutoCloseable {
  private final Pipeline.Values values;
  private final QueryContext context;
  private final int batchSize;
  private final long maxResults;
  private final Runnable onEnd;
  private final java.util.function.Supplier<String> profile;
  private JsonNode lookahead;
  private long returned;
  private boolean ended;

  QueryCursor(
      Pipeline.Values values,
      QueryContext context,
      QueryOptions options,
      Runnable onEnd,
      java.util.function.Supplier<String> profile) {
    this.values = values;
    this.context = context;
    this.batchSize = options.batchSize();
    this.maxResults = options.maxResults();
    this.onEnd = onEnd;
    this.profile = profile;
  }

  @Override
  public boolean hasNext() {
    if (lookahead != null) {
      return true;
    }
    if (ended) {
      return false;
    }
    try {
      context.checkAlive();
      lookahead = values.next();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    if (lookahead == null) {
      close();
      return false;
    }
    if (maxResults > 0 && ++returned > maxResults) {
      close();
      throw new AqlExecutionException(
          "the query returns more than the allowed " + maxResults + " results");
    }
    return true;
  }

  @Override
  public JsonNode next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    JsonNode v = lookahead;
    lookahead = null;
    return v;
  }

  /** Up to the batch size of results; empty once the cursor is exhausted. */
  public List<JsonNode> nextBatch() {
    List<JsonNode> batch = new ArrayList<>(Math.min(batchSize, 1024));
    while (batch.size() < batchSize && hasNext()) {
      batch.add(next());
    }
    return batch;
  }

  /** Every remaining result. */
  public List<JsonNode> all() {
    List<JsonNode> out = new ArrayList<>();
    while (hasNext()) {
      out.add(next());
    }
    return out;
  }

  /** Documents written (inserted, updated, replaced, removed) by the query. */
  public long writesExecuted() {
    return context.writes();
  }

  /** Documents the query read from collections so far. */
  public long documentsScanned() {
    return context.scanned();
  }

  /**
   * The plan with rows returned and time spent per operator so far (time includes the operators
   * feeding it); only for a query run with {@link QueryOptions#withProfile()}.
   */
  public String profile() {
    if (profile == null) {
      throw new IllegalStateException("the query did not run with QueryOptions.withProfile()");
    }
    return profile.get();
  }

  /** Stops the query: the next read fails with {@link AqlExecutionException}. */
  public void cancel() {
    context.cancel();
  }

  @Override
  public void close() {
    if (!ended) {
      ended = true;
      try {
        values.close();
      } finally {
        onEnd.run();
      }
    }
  }
}
