package io.themisdb.engine.document;

/**
 * Hands out revisions and generated keys: a hybrid logical clock (microseconds since the epoch,
 * bumped past the last value), so values increase within a database even across restarts and when
 * the wall clock steps back while the process runs.
 */
public final class RevisionClock {
  private long last;

  public synchronized long next() {
    long now = System.currentTimeMillis() * 1000;
    last = Math.max(now, last + 1);
    return last;
  }

  /** A new {@code _rev} value; never equal to an earlier one of this database. */
  public String nextRevision() {
    return Long.toString(next(), 36);
  }

  /** A new {@code _key}: digits that sort in creation order (same length for centuries). */
  public String nextKey() {
    return Long.toString(next());
  }
}
