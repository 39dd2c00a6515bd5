package io.themisdb.engine.aql.exec;

import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.Transaction;
import io.themisdb.engine.aql.AqlExecutionException;
import io.themisdb.engine.aql.functions.FunctionContext;
import io.themisdb.engine.document.DocumentShape;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one run of a query shares: its transaction, its clock, the number of variable slots in a
 * row, its deadline and what it wrote. One thread at a time, like the transaction.
 */
public final class QueryContext implements FunctionContext {
  private final TenantDatabase database;
  private final Transaction transaction;
  private final Instant now = Instant.now();
  private final long deadlineNanos;
  private long memoryLimit;
  private long memoryUsed;
  private int slotCount;
  private long writes;
  private long scanned;
  private volatile boolean cancelled;
  private java.util.Map<Object, long[]> profile;

  public QueryContext(TenantDatabase database, Transaction transaction, long timeoutMillis) {
    this.database = database;
    this.transaction = transaction;
    this.deadlineNanos =
        timeoutMillis <= 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
  }

  public TenantDatabase database() {
    return database;
  }

  public Transaction transaction() {
    return transaction;
  }

  public int slotCount() {
    return slotCount;
  }

  public int newSlot() {
    return slotCount++;
  }

  /** A fresh row; the slots a subquery sees from its outer row are copied in. */
  public tools.jackson.databind.JsonNode[] row(tools.jackson.databind.JsonNode[] outer) {
    return outer == null
        ? new tools.jackson.databind.JsonNode[slotCount]
        : java.util.Arrays.copyOf(outer, slotCount);
  }

  public void countWrite() {
    writes++;
  }

  public long writes() {
    return writes;
  }

  public long scanned() {
    return scanned;
  }

  /** Called per document read: fails once the query ran past its time or was cancelled. */
  public void checkpoint() {
    if ((++scanned & 1023) == 0) {
      checkAlive();
    }
  }

  public void checkAlive() {
    if (cancelled) {
      throw new AqlExecutionException("the query was cancelled");
    }
    if (System.nanoTime() > deadlineNanos) {
      throw new AqlExecutionException("the query ran past its time limit");
    }
  }

  /** Starts counting rows and time per plan node (see {@link #counters}). */
  public void enableProfile() {
    profile = new java.util.IdentityHashMap<>();
  }

  public boolean profiling() {
    return profile != null;
  }

  /** {rows, nanoseconds} of a plan node; time includes the nodes feeding it. */
  public long[] counters(Object node) {
    return profile.computeIfAbsent(node, n -> new long[2]);
  }

  /** Fails the query once the rows that operators hold exceed {@code bytes}; 0: no limit. */
  public void limitMemory(long bytes) {
    memoryLimit = bytes;
  }

  /**
   * Accounts for values an operator keeps in memory (SORT, COLLECT, windows, DISTINCT, hash joins),
   * estimated by {@link #estimate}. Shared nodes are counted once per holder, so the sum is an
   * upper bound.
   */
  public void hold(JsonNode[] row, String operator) {
    if (memoryLimit > 0) {
      long bytes = 16L + 8L * row.length;
      for (JsonNode v : row) {
        bytes += estimate(v);
      }
      account(bytes, operator);
    }
  }

  public void hold(JsonNode value, String operator) {
    if (memoryLimit > 0) {
      account(estimate(value), operator);
    }
  }

  /** Accounts for {@code bytes} an operator keeps beyond rows (a traversal's queue of paths). */
  public void holdBytes(long bytes, String operator) {
    if (memoryLimit > 0) {
      account(bytes, operator);
    }
  }

  /** Gives back bytes accounted with {@link #holdBytes} once the operator dropped them. */
  public void releaseBytes(long bytes) {
    if (memoryLimit > 0) {
      memoryUsed -= bytes;
    }
  }

  private void account(long bytes, String operator) {
    memoryUsed += bytes;
    if (memoryUsed > memoryLimit) {
      throw new AqlExecutionException(
          operator
              + " needs more memory than the query may use ("
              + memoryLimit
              + " bytes); add a LIMIT, a FILTER or an index");
    }
  }

  public long memoryUsed() {
    return memoryUsed;
  }

  /** A rough size of a value on the heap. */
  static long estimate(JsonNode v) {
    if (v == null) {
      return 0;
    }
    if (v.isString()) {
      return 40L + 2L * v.stringValue().length();
    }
    if (v.isContainer()) {
      long bytes = 48;
      for (java.util.Map.Entry<String, JsonNode> e : v.properties()) {
        bytes += 48L + 2L * e.getKey().length() + estimate(e.getValue());
      }
      if (v.isArray()) {
        for (JsonNode c : v.values()) {
          bytes += 8 + estimate(c);
        }
      }
      return bytes;
    }
    return 24;
  }

  public void cancel() {
    cancelled = true;
  }

  @Override
  public Optional<ObjectNode> document(String collection, String key) {
    return transaction.get(collection, key).map(d -> withId(collection, d));
  }

  /** Adds {@code _id} ("collection/key"), which AQL documents carry and storage leaves out. */
  public static ObjectNode withId(String collection, ObjectNode document) {
    if (!document.has(DocumentShape.ID)) {
      document.put(
          DocumentShape.ID, collection + "/" + document.get(DocumentShape.KEY).stringValue());
    }
    return document;
  }

  @Override
  public String databaseName() {
    return database.name();
  }

  @Override
  public io.themisdb.engine.spi.BatchAccelerator accelerator() {
    return database.extensions().accelerator();
  }

  @Override
  public Instant now() {
    return now;
  }
}
