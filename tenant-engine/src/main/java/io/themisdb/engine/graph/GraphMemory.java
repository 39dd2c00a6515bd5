package io.themisdb.engine.graph;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap all {@link Adjacency} caches of one host may hold together ({@code
 * EngineSettings#graphCacheBytes}). A cache that would not fit is not kept, and its traversals read
 * the edge index instead.
 */
public final class GraphMemory {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  /** {@code limitBytes} 0 keeps no adjacency in memory at all. */
  public GraphMemory(long limitBytes) {
    this.limit = limitBytes;
  }

  /** Whether any adjacency may be kept at all. */
  boolean enabled() {
    return limit > 0;
  }

  /** Bytes held by the caches of every database of the host now. */
  public long used() {
    return used.get();
  }

  /** Whether {@code bytes} more would fit now. */
  boolean fits(long bytes) {
    return used.get() + bytes <= limit;
  }

  /** Grows a reservation from {@code held} to {@code wanted} bytes if that fits; else unchanged. */
  boolean resize(long held, long wanted) {
    while (true) {
      long now = used.get();
      long next = now - held + wanted;
      if (wanted > held && next > limit) {
        return false;
      }
      if (used.compareAndSet(now, next)) {
        return true;
      }
    }
  }
}
