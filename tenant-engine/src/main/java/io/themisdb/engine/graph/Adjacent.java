package io.themisdb.engine.graph;

import java.util.Objects;

/**
 * An edge at a vertex, as the edge index holds it: the edge document's id {@code collection/key}
 * and the vertex at the other end of the edge.
 *
 * <p>A value class rather than a record only to carry the vertex id's hash along: a traversal
 * checks every edge's vertex against those it visited, and with ids from the in-memory adjacency,
 * loading the id string just for its hash was a cache miss per edge, the larger part of the time.
 */
public final class Adjacent {
  private final String edgeId;
  private final String vertexId;
  private final int vertexHash;

  public Adjacent(String edgeId, String vertexId) {
    this(edgeId, vertexId, vertexId.hashCode());
  }

  Adjacent(String edgeId, String vertexId, int vertexHash) {
    this.edgeId = edgeId;
    this.vertexId = vertexId;
    this.vertexHash = vertexHash;
  }

  public String edgeId() {
    return edgeId;
  }

  public String vertexId() {
    return vertexId;
  }

  /** {@code vertexId().hashCode()}, without touching the string. */
  int vertexHash() {
    return vertexHash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Adjacent a && edgeId.equals(a.edgeId) && vertexId.equals(a.vertexId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(edgeId, vertexId);
  }

  @Override
  public String toString() {
    return "Adjacent[edgeId=" + edgeId + ", vertexId=" + vertexId + "]";
  }
}
