package io.themisdb.engine.graph;

import io.themisdb.engine.Transaction;
import io.themisdb.engine.index.IndexEntries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads a graph for traversals and path searches: adjacency from the edge index, edge weights. */
final class GraphReader implements AutoCloseable {
  private final Transaction txn;
  private final List<EdgeSource> edges;
  private final String weightAttribute;
  private final double defaultWeight;
  private final Budget budget;
  private final Map<String, Double> weights = new HashMap<>();
  private final EdgeCursor[] cursors;

  GraphReader(
      Transaction txn,
      List<EdgeSource> edges,
      String weightAttribute,
      double defaultWeight,
      Budget budget) {
    this.txn = txn;
    this.edges = edges;
    this.weightAttribute = weightAttribute;
    this.defaultWeight = defaultWeight;
    this.budget = budget;
    this.cursors = new EdgeCursor[edges.size()];
  }

  Budget budget() {
    return budget;
  }

  /** The edges at {@code vertexId} over every edge source, in source order. */
  List<Adjacent> around(String vertexId) {
    if (edges.size() == 1) {
      return cursor(0).edges(vertexId, edges.getFirst().direction());
    }
    List<Adjacent> out = new ArrayList<>();
    for (int i = 0; i < edges.size(); i++) {
      out.addAll(cursor(i).edges(vertexId, edges.get(i).direction()));
    }
    return out;
  }

  private EdgeCursor cursor(int i) {
    if (cursors[i] == null) {
      cursors[i] = txn.edgeCursor(edges.get(i).collection());
    }
    return cursors[i];
  }

  @Override
  public void close() {
    for (int i = 0; i < cursors.length; i++) {
      if (cursors[i] != null) {
        cursors[i].close();
        cursors[i] = null;
      }
    }
  }

  boolean weighted() {
    return weightAttribute != null;
  }

  /** The weight of an edge: its weight attribute when numeric, else the default; unweighted 1. */
  double weight(Adjacent edge) {
    if (weightAttribute == null) {
      return 1;
    }
    Double cached = weights.get(edge.edgeId());
    if (cached != null) {
      return cached;
    }
    String id = edge.edgeId();
    int slash = id.indexOf('/');
    JsonNode w =
        txn.get(id.substring(0, slash), id.substring(slash + 1))
            .map(d -> IndexEntries.attribute(d, weightAttribute))
            .orElse(null);
    double weight = w != null && w.isNumber() ? w.doubleValue() : defaultWeight;
    if (weight < 0 || Double.isNaN(weight)) {
      throw new GraphException(
          "edge '" + id + "' has the negative weight " + weight + " in '" + weightAttribute + "'");
    }
    budget.hold(64L + 2L * id.length());
    weights.put(id, weight);
    return weight;
  }

  /** A rough heap size of an adjacency list, for the budget. */
  static long bytes(List<Adjacent> list) {
    long bytes = 40;
    for (Adjacent a : list) {
      bytes += 56L + 2L * (a.edgeId().length() + a.vertexId().length());
    }
    return bytes;
  }
}
