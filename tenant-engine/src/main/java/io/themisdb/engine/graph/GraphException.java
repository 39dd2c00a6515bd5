package io.themisdb.engine.graph;

import io.themisdb.engine.QueryException;

/**
 * A graph operation cannot run as asked: a negative edge weight, a graph larger than an algorithm's
 * vertex bound, a traversal past its memory or time budget.
 */
public final class GraphException extends QueryException {
  public GraphException(String message) {
    super(message);
  }
}
