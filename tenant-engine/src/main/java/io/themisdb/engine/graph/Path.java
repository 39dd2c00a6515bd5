package io.themisdb.engine.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A path from a start vertex: its last vertex, the edge that reached it and the path before it.
 * Paths share their prefixes, so extending one costs one object whatever its length.
 */
public final class Path {
  private final Path parent;
  private final String vertexId;
  private final String edgeId;
  private final int depth;
  private final double weight;

  private Path(Path parent, String vertexId, String edgeId, int depth, double weight) {
    this.parent = parent;
    this.vertexId = vertexId;
    this.edgeId = edgeId;
    this.depth = depth;
    this.weight = weight;
  }

  /** The path of length 0 at {@code vertexId}. */
  public static Path start(String vertexId) {
    return new Path(null, vertexId, null, 0, 0);
  }

  /** This path followed by {@code edge} of weight {@code edgeWeight}. */
  public Path extend(Adjacent edge, double edgeWeight) {
    return new Path(this, edge.vertexId(), edge.edgeId(), depth + 1, weight + edgeWeight);
  }

  /** The last vertex. */
  public String vertexId() {
    return vertexId;
  }

  /** The last edge; null for a path of length 0. */
  public String edgeId() {
    return edgeId;
  }

  /** The number of edges. */
  public int depth() {
    return depth;
  }

  /** The sum of the edge weights (the number of edges when unweighted). */
  public double weight() {
    return weight;
  }

  public Path parent() {
    return parent;
  }

  public boolean containsVertex(String id) {
    for (Path p = this; p != null; p = p.parent) {
      if (p.vertexId.equals(id)) {
        return true;
      }
    }
    return false;
  }

  public boolean containsEdge(String id) {
    for (Path p = this; p.parent != null; p = p.parent) {
      if (p.edgeId.equals(id)) {
        return true;
      }
    }
    return false;
  }

  /** The vertex ids from the start to the end. */
  public List<String> vertexIds() {
    List<String> out = new ArrayList<>(depth + 1);
    for (Path p = this; p != null; p = p.parent) {
      out.add(p.vertexId);
    }
    Collections.reverse(out);
    return out;
  }

  /** The edge ids from the start to the end. */
  public List<String> edgeIds() {
    List<String> out = new ArrayList<>(depth);
    for (Path p = this; p.parent != null; p = p.parent) {
      out.add(p.edgeId);
    }
    Collections.reverse(out);
    return out;
  }

  /** A rough heap size, for {@link Budget}. */
  long bytes() {
    return 56L + 2L * (vertexId.length() + (edgeId == null ? 0 : edgeId.length()));
  }

  @Override
  public String toString() {
    return vertexIds() + " via " + edgeIds();
  }
}
