package io.themisdb.engine.graph;

import io.themisdb.engine.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Shortest paths between two vertices: Dijkstra's algorithm (which, with every edge weighing 1,
 * visits like a breadth-first search), and Yen's algorithm for the k shortest loopless paths,
 * produced lazily one at a time in order of weight.
 */
public final class ShortestPaths implements AutoCloseable {

  private final GraphReader graph;
  private final Budget budget;
  private final String from;
  private final String to;

  // Yen's state: the paths returned so far, and candidates for the next one.
  private final List<Path> found = new ArrayList<>();
  private final PriorityQueue<Candidate> candidates =
      new PriorityQueue<>(
          (a, b) -> {
            int c = Double.compare(a.path().weight(), b.path().weight());
            return c != 0 ? c : Long.compare(a.seq(), b.seq());
          });
  private final Set<List<String>> seen = new HashSet<>();
  private long seq;
  private boolean done;

  private record Candidate(Path path, long seq) {}

  /**
   * @param weightAttribute the edge attribute holding weights; null: every edge weighs 1
   */
  public ShortestPaths(
      Transaction txn,
      List<EdgeSource> edges,
      String weightAttribute,
      double defaultWeight,
      String from,
      String to,
      Budget budget) {
    if (!(defaultWeight >= 0) || Double.isInfinite(defaultWeight)) {
      throw new IllegalArgumentException("defaultWeight must be a finite number >= 0");
    }
    this.graph = new GraphReader(txn, List.copyOf(edges), weightAttribute, defaultWeight, budget);
    this.budget = budget;
    this.from = from;
    this.to = to;
  }

  /** A lightest path from start to target, or null when there is none. */
  public Path shortest() {
    return dijkstra(from, null, Set.of(), Set.of());
  }

  /** The next lightest loopless path (Yen's algorithm), or null when there are no more. */
  public Path nextShortest() {
    if (done) {
      return null;
    }
    if (found.isEmpty()) {
      Path first = shortest();
      return accept(first);
    }
    Path last = found.getLast();
    List<String> vertices = last.vertexIds();
    List<String> edges = last.edgeIds();
    Path root = Path.start(from);
    for (int i = 0; i < vertices.size() - 1; i++) {
      String spur = vertices.get(i);
      if (i > 0) {
        Adjacent step = new Adjacent(edges.get(i - 1), spur);
        root = root.extend(step, graph.weight(step));
      }
      // Edges that would repeat a found path's prefix are removed, and so are the root's
      // vertices, so the spur path is new and the whole path stays loopless.
      Set<String> bannedEdges = new HashSet<>();
      List<String> rootEdges = edges.subList(0, i);
      for (Path p : found) {
        List<String> pe = p.edgeIds();
        if (pe.size() > i
            && pe.subList(0, i).equals(rootEdges)
            && p.vertexIds().subList(0, i + 1).equals(vertices.subList(0, i + 1))) {
          bannedEdges.add(pe.get(i));
        }
      }
      Set<String> bannedVertices = new HashSet<>(vertices.subList(0, i));
      Path spurPath = dijkstra(spur, root, bannedEdges, bannedVertices);
      if (spurPath != null && seen.add(spurPath.edgeIds())) {
        budget.hold(spurPath.depth() * 96L + 64);
        candidates.add(new Candidate(spurPath, seq++));
      }
    }
    Candidate next = candidates.poll();
    return accept(next == null ? null : next.path());
  }

  private Path accept(Path p) {
    if (p == null) {
      done = true;
      return null;
    }
    if (found.isEmpty()) {
      seen.add(p.edgeIds());
    }
    found.add(p);
    return p;
  }

  /**
   * Dijkstra from {@code source} to the target, continuing {@code prefix} (null: from scratch),
   * skipping banned edges and vertices.
   */
  private Path dijkstra(
      String source, Path prefix, Set<String> bannedEdges, Set<String> bannedVertices) {
    Map<String, Double> settled = new HashMap<>();
    PriorityQueue<Candidate> heap =
        new PriorityQueue<>(
            (a, b) -> {
              int c = Double.compare(a.path().weight(), b.path().weight());
              return c != 0 ? c : Long.compare(a.seq(), b.seq());
            });
    Map<String, Double> best = new HashMap<>();
    long n = 0;
    long held = 0;
    heap.add(new Candidate(prefix == null ? Path.start(source) : prefix, n++));
    try {
      Candidate c;
      while ((c = heap.poll()) != null) {
        Path p = c.path();
        if (settled.containsKey(p.vertexId())) {
          continue;
        }
        settled.put(p.vertexId(), p.weight());
        if (p.vertexId().equals(to)) {
          return p;
        }
        for (Adjacent a : graph.around(p.vertexId())) {
          budget.checkpoint();
          if (bannedEdges.contains(a.edgeId())
              || bannedVertices.contains(a.vertexId())
              || settled.containsKey(a.vertexId())) {
            continue;
          }
          Path next = p.extend(a, graph.weight(a));
          Double known = best.get(a.vertexId());
          if (known == null || next.weight() < known) {
            best.put(a.vertexId(), next.weight());
            long bytes = next.bytes() + 96;
            budget.hold(bytes);
            held += bytes;
            heap.add(new Candidate(next, n++));
          }
        }
      }
      return null;
    } finally {
      budget.release(held);
    }
  }

  /** Closes the iterators the search keeps open; the transaction would at its end. */
  @Override
  public void close() {
    graph.close();
  }
}
