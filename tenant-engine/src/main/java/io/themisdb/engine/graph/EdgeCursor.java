package io.themisdb.engine.graph;

import java.util.List;

/**
 * Reads the edges of one edge collection vertex after vertex through one open iterator, which a
 * traversal needs many times per query. Close it when done; the transaction closes it at the
 * latest.
 */
public interface EdgeCursor extends AutoCloseable {

  /** The edges at {@code vertexId}, as {@link io.themisdb.engine.Transaction#edges} lists them. */
  List<Adjacent> edges(String vertexId, Direction direction);

  @Override
  void close();
}
