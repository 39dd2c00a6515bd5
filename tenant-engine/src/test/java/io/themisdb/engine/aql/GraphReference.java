package io.themisdb.engine.aql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * A random graph held plainly in memory, and the traversals written the obvious way, to check the
 * engine's against: all paths by recursion, breadth first layer by layer, Dijkstra with a heap.
 */
final class GraphReference {
  record Edge(String id, String from, String to, Integer weight) {}

  /** An edge as seen from a vertex: the edge and the vertex at its other end. */
  record Step(Edge edge, String to) {}

  /** A path: vertex ids (null for a vertex that does not exist when shown) and edge ids. */
  record RefPath(List<String> vertices, List<String> edges, double weight) {
    String text(Set<String> existing) {
      List<String> shown = new ArrayList<>();
      for (String v : vertices) {
        shown.add(existing.contains(v) ? "\"" + v + "\"" : "null");
      }
      List<String> es = edges.stream().map(e -> "\"" + e + "\"").toList();
      return "[" + String.join(",", shown) + "]|[" + String.join(",", es) + "]";
    }
  }

  final int vertexCount;
  final List<Edge> edges = new ArrayList<>();
  final Set<String> existing = new HashSet<>();

  GraphReference(long seed, int vertices, int edgeCount, String edgeCollection) {
    Random r = new Random(seed);
    this.vertexCount = vertices;
    for (int i = 0; i < vertices; i++) {
      existing.add("v/" + i);
    }
    for (int i = 0; i < edgeCount; i++) {
      String from = "v/" + r.nextInt(vertices);
      // Now and then an edge to a vertex that does not exist.
      String to = r.nextInt(25) == 0 ? "v/missing" : "v/" + r.nextInt(vertices);
      Integer w = r.nextInt(8) == 0 ? null : 1 + r.nextInt(9);
      edges.add(new Edge(edgeCollection + "/e" + i, from, to, w));
    }
  }

  List<Step> steps(String vertex, String direction) {
    List<Step> out = new ArrayList<>();
    if (!direction.equals("INBOUND")) {
      for (Edge e : edges) {
        if (e.from().equals(vertex)) {
          out.add(new Step(e, e.to()));
        }
      }
    }
    if (!direction.equals("OUTBOUND")) {
      for (Edge e : edges) {
        boolean loopSeen = direction.equals("ANY") && e.from().equals(e.to());
        if (e.to().equals(vertex) && !loopSeen) {
          out.add(new Step(e, e.from()));
        }
      }
    }
    return out;
  }

  double weight(Edge e, double defaultWeight) {
    return e.weight() == null ? defaultWeight : e.weight();
  }

  /**
   * Every path of {@code min..max} edges from {@code start} (uniqueVertices none/path, uniqueEdges
   * none/path); a path for which {@code prune} holds is kept but not extended.
   */
  List<RefPath> allPaths(
      String start,
      String direction,
      int min,
      int max,
      boolean uniqueVerticesPath,
      boolean uniqueEdgesPath,
      BiPredicate<String, Edge> prune) {
    List<RefPath> out = new ArrayList<>();
    extend(
        new ArrayList<>(List.of(start)),
        new ArrayList<>(),
        new ArrayList<>(),
        direction,
        min,
        max,
        uniqueVerticesPath,
        uniqueEdgesPath,
        prune,
        out);
    return out;
  }

  private void extend(
      List<String> vs,
      List<String> es,
      List<Edge> edgeObjects,
      String direction,
      int min,
      int max,
      boolean uv,
      boolean ue,
      BiPredicate<String, Edge> prune,
      List<RefPath> out) {
    int depth = es.size();
    if (depth >= min) {
      out.add(new RefPath(List.copyOf(vs), List.copyOf(es), depth));
    }
    Edge last = edgeObjects.isEmpty() ? null : edgeObjects.getLast();
    if (depth == max || prune.test(vs.getLast(), last)) {
      return;
    }
    for (Step s : steps(vs.getLast(), direction)) {
      if ((ue && es.contains(s.edge().id())) || (uv && vs.contains(s.to()))) {
        continue;
      }
      vs.add(s.to());
      es.add(s.edge().id());
      edgeObjects.add(s.edge());
      extend(vs, es, edgeObjects, direction, min, max, uv, ue, prune, out);
      vs.removeLast();
      es.removeLast();
      edgeObjects.removeLast();
    }
  }

  /** Breadth first with each vertex once: vertex -> depth, for depths min..max. */
  Map<String, Integer> bfsGlobal(
      String start, String direction, int min, int max, BiPredicate<String, Edge> prune) {
    Map<String, Integer> depth = new HashMap<>();
    depth.put(start, 0);
    List<String> layer = List.of(start);
    // prune on the vertex only (the edge that first reached it is not unique in general)
    for (int d = 0; d < max; d++) {
      List<String> next = new ArrayList<>();
      for (String v : layer) {
        if (prune.test(v, null)) {
          continue;
        }
        for (Step s : steps(v, direction)) {
          if (!depth.containsKey(s.to())) {
            depth.put(s.to(), d + 1);
            next.add(s.to());
          }
        }
      }
      layer = next;
    }
    Map<String, Integer> out = new HashMap<>();
    depth.forEach(
        (v, d) -> {
          if (d >= min) {
            out.put(v, d);
          }
        });
    return out;
  }

  /** Dijkstra: vertex -> distance from start, for every reachable vertex. */
  Map<String, Double> distances(String start, String direction, boolean weighted, double dflt) {
    Map<String, Double> dist = new HashMap<>();
    record Entry(String v, double d) {}
    PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> Double.compare(a.d(), b.d()));
    heap.add(new Entry(start, 0));
    while (!heap.isEmpty()) {
      Entry e = heap.poll();
      if (dist.containsKey(e.v())) {
        continue;
      }
      dist.put(e.v(), e.d());
      for (Step s : steps(e.v(), direction)) {
        if (!dist.containsKey(s.to())) {
          heap.add(new Entry(s.to(), e.d() + (weighted ? weight(s.edge(), dflt) : 1)));
        }
      }
    }
    return dist;
  }

  /** The weights of every loopless path from start to target, ascending. */
  List<Double> simplePathWeights(
      String start, String target, String direction, boolean weighted, double dflt) {
    List<Double> out = new ArrayList<>();
    ArrayDeque<String> on = new ArrayDeque<>();
    on.push(start);
    simple(start, target, direction, weighted, dflt, 0, new HashSet<>(Set.of(start)), out);
    out.sort(Double::compare);
    return out;
  }

  private void simple(
      String v,
      String target,
      String direction,
      boolean weighted,
      double dflt,
      double w,
      Set<String> on,
      List<Double> out) {
    if (v.equals(target)) {
      out.add(w);
      return;
    }
    for (Step s : steps(v, direction)) {
      if (on.add(s.to())) {
        simple(
            s.to(),
            target,
            direction,
            weighted,
            dflt,
            w + (weighted ? weight(s.edge(), dflt) : 1),
            on,
            out);
        on.remove(s.to());
      }
    }
  }

  Edge edge(String id) {
    return edges.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }
}
