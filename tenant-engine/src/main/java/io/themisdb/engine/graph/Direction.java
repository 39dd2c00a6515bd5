package io.themisdb.engine.graph;

/** Which edges of a vertex a traversal follows: those leaving it, those reaching it, or both. */
public enum Direction {
  /** Edges whose {@code _from} is the vertex; the neighbour is {@code _to}. */
  OUTBOUND,
  /** Edges whose {@code _to} is the vertex; the neighbour is {@code _from}. */
  INBOUND,
  /** Both; an edge from the vertex to itself is followed once. */
  ANY
}
