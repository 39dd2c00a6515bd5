package io.themisdb.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Settings of an {@link EngineHost}; {@link #defaults(Path)} documents the defaults.
 *
 * @param root directory holding one sub-directory per tenant database
 * @param memoryBudgetBytes shared block cache, which memtables are charged to as well (default 256
 *     MiB); the bound for all databases of the host together
 * @param writeBufferShare part of the budget memtables may fill before flushing (default 0.25)
 * @param backgroundThreads flush and compaction threads shared by all databases (default 2)
 * @param maxOpenDatabases open databases beyond this are closed, least recently used first, and
 *     reopened transparently on their next use (default 256)
 * @param idleTimeout databases unused this long are closed by {@link EngineHost#closeIdle()} and by
 *     the host's sweeper; zero disables the sweeper (default 5 minutes)
 * @param maxDocumentBytes largest stored document (binary form) (default 4 MiB)
 * @param lockTimeout how long a write waits for another transaction's lock before failing with
 *     {@link ConflictException} (default 1 second)
 * @param transactionTimeout default lifetime of an explicit transaction (default 60 seconds)
 * @param ttlSweepInterval how often the host removes expired documents of TTL indexes ({@link
 *     EngineHost#sweepExpired}); zero disables the background sweep (default 1 minute). Expired
 *     documents stay visible until a sweep removes them, so this bounds how long that is.
 * @param graphCacheBytes heap all in-memory adjacency caches of the host's edge collections may
 *     hold together (default 256 MiB; 0 turns them off). An edge collection whose adjacency does
 *     not fit in what is left is traversed through its edge index (about 100 bytes per edge plus
 *     the ids' characters: a million edges take about 100 MiB).
 * @param vectorMemoryBytes heap the vector indexes of the open databases may hold together (default
 *     a quarter of the maximum heap, {@link #defaultVectorMemoryBytes()}). When loading or growing
 *     an index takes them over it, the least recently used indexes of other databases are written
 *     to their snapshots and let go, and load again on their next use. A database's own indexes are
 *     never let go for it: one index larger than the budget still loads and answers, and the budget
 *     is exceeded by that much while it is in use.
 */
public record EngineSettings(
    Path root,
    long memoryBudgetBytes,
    double writeBufferShare,
    int backgroundThreads,
    int maxOpenDatabases,
    Duration idleTimeout,
    long maxDocumentBytes,
    Duration lockTimeout,
    Duration transactionTimeout,
    Duration ttlSweepInterval,
    long graphCacheBytes,
    long vectorMemoryBytes) {

  static final Duration DEFAULT_TTL_SWEEP_INTERVAL = Duration.ofMinutes(1);
  static final long DEFAULT_GRAPH_CACHE_BYTES = 256L << 20;

  public EngineSettings {
    if (root == null) {
      throw new IllegalArgumentException("root directory is required");
    }
    if (memoryBudgetBytes < (8 << 20)) {
      throw new IllegalArgumentException("memory budget below 8 MiB: " + memoryBudgetBytes);
    }
    if (writeBufferShare <= 0 || writeBufferShare >= 1) {
      throw new IllegalArgumentException("writeBufferShare must be in (0, 1): " + writeBufferShare);
    }
    if (maxOpenDatabases < 1 || backgroundThreads < 1 || maxDocumentBytes < 1) {
      throw new IllegalArgumentException(
          "maxOpenDatabases, backgroundThreads, maxDocumentBytes must be positive");
    }
    if (ttlSweepInterval == null) {
      ttlSweepInterval = DEFAULT_TTL_SWEEP_INTERVAL;
    }
    if (ttlSweepInterval.isNegative()) {
      throw new IllegalArgumentException("ttlSweepInterval is negative: " + ttlSweepInterval);
    }
    if (graphCacheBytes < 0) {
      throw new IllegalArgumentException("graphCacheBytes is negative: " + graphCacheBytes);
    }
    if (vectorMemoryBytes <= 0) {
      throw new IllegalArgumentException(
          "vectorMemoryBytes must be positive: " + vectorMemoryBytes);
    }
  }

  public static EngineSettings defaults(Path root) {
    return new EngineSettings(
        root,
        256L << 20,
        0.25,
        2,
        256,
        Duration.ofMinutes(5),
        4L << 20,
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        DEFAULT_TTL_SWEEP_INTERVAL,
        DEFAULT_GRAPH_CACHE_BYTES,
        defaultVectorMemoryBytes());
  }

  public EngineSettings withMemoryBudget(long bytes) {
    return changed(v -> v.memoryBudgetBytes = bytes);
  }

  public EngineSettings withMaxOpenDatabases(int max) {
    return changed(v -> v.maxOpenDatabases = max);
  }

  public EngineSettings withIdleTimeout(Duration timeout) {
    return changed(v -> v.idleTimeout = timeout);
  }

  public EngineSettings withMaxDocumentBytes(long bytes) {
    return changed(v -> v.maxDocumentBytes = bytes);
  }

  public EngineSettings withLockTimeout(Duration timeout) {
    return changed(v -> v.lockTimeout = timeout);
  }

  public EngineSettings withTransactionTimeout(Duration timeout) {
    return changed(v -> v.transactionTimeout = timeout);
  }

  public EngineSettings withTtlSweepInterval(Duration interval) {
    return changed(v -> v.ttlSweepInterval = interval);
  }

  public EngineSettings withGraphCacheBytes(long bytes) {
    return changed(v -> v.graphCacheBytes = bytes);
  }

  public EngineSettings withVectorMemoryBytes(long bytes) {
    return changed(v -> v.vectorMemoryBytes = bytes);
  }

  /** These settings with {@code change} applied; the constructor checks the result. */
  private EngineSettings changed(Consumer<Values> change) {
    Values v = new Values(this);
    change.accept(v);
    return new EngineSettings(
        v.root,
        v.memoryBudgetBytes,
        v.writeBufferShare,
        v.backgroundThreads,
        v.maxOpenDatabases,
        v.idleTimeout,
        v.maxDocumentBytes,
        v.lockTimeout,
        v.transactionTimeout,
        v.ttlSweepInterval,
        v.graphCacheBytes,
        v.vectorMemoryBytes);
  }

  /** The components of settings being changed, one wither at a time. */
  private static final class Values {
    Path root;
    long memoryBudgetBytes;
    double writeBufferShare;
    int backgroundThreads;
    int maxOpenDatabases;
    Duration idleTimeout;
    long maxDocumentBytes;
    Duration lockTimeout;
    Duration transactionTimeout;
    Duration ttlSweepInterval;
    long graphCacheBytes;
    long vectorMemoryBytes;

    Values(EngineSettings s) {
      root = s.root;
      memoryBudgetBytes = s.memoryBudgetBytes;
      writeBufferShare = s.writeBufferShare;
      backgroundThreads = s.backgroundThreads;
      maxOpenDatabases = s.maxOpenDatabases;
      idleTimeout = s.idleTimeout;
      maxDocumentBytes = s.maxDocumentBytes;
      lockTimeout = s.lockTimeout;
      transactionTimeout = s.transactionTimeout;
      ttlSweepInterval = s.ttlSweepInterval;
      graphCacheBytes = s.graphCacheBytes;
      vectorMemoryBytes = s.vectorMemoryBytes;
    }
  }

  /** A quarter of the most heap this JVM may use ({@code -Xmx}). */
  public static long defaultVectorMemoryBytes() {
    return Runtime.getRuntime().maxMemory() / 4;
  }
}
