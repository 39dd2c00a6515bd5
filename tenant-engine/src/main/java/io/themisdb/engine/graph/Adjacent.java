package io.themisdb.engine.graph;

/**
 * An edge at a vertex, as the edge index holds it.
 *
 * @param edgeId the edge document's id {@code collection/key}
 * @param vertexId the vertex at the other end of the edge
 */
public record Adjacent(String edgeId, String vertexId) {}
