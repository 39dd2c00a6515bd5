package io.themisdb.engine.graph;

/**
 * What a traversal may spend: memory for the paths and adjacency lists it keeps, and time. AQL
 * passes the query's limits; {@link #of} makes a standalone one for the Java API.
 */
public interface Budget {

  /** Accounts for {@code bytes} more held in memory; fails once past the limit. */
  void hold(long bytes);

  /** Gives back what {@link #hold} took, once the traversal dropped it. */
  void release(long bytes);

  /** Called per edge visited: fails once past the time limit. */
  void checkpoint();

  /** A budget of {@code maxBytes} (0: none) and {@code timeoutMillis} (0: none). */
  static Budget of(long maxBytes, long timeoutMillis) {
    long deadline =
        timeoutMillis <= 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
    return new Budget() {
      private long used;
      private int calls;

      @Override
      public void hold(long bytes) {
        used += bytes;
        if (maxBytes > 0 && used > maxBytes) {
          throw new GraphException(
              "the graph operation needs more memory than it may use (" + maxBytes + " bytes)");
        }
      }

      @Override
      public void release(long bytes) {
        used -= bytes;
      }

      @Override
      public void checkpoint() {
        if ((++calls & 1023) == 0 && System.nanoTime() > deadline) {
          throw new GraphException("the graph operation ran past its time limit");
        }
      }
    };
  }
}
