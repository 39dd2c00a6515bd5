package io.themisdb.engine.graph;

import io.themisdb.engine.Transaction;
import java.util.ArrayDeque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Runs one traversal lazily: each {@link #next} returns the next path of the requested depths in
 * the traversal's order. A path for which {@code prune} answers true is returned but not extended
 * (ArangoDB's PRUNE); the start path counts too. Whatever the traversal keeps (the stack of
 * adjacency lists, the queue of paths, the visited vertices) is charged to its {@link Budget}.
 */
public final class Traverser implements AutoCloseable {

  private record Frame(Path path, List<Adjacent> edges, long bytes, int[] next) {}

  private record Queued(Path path, long seq) {}

  private final GraphReader graph;
  private final Traversal spec;
  private final Predicate<Path> prune;
  private final Budget budget;
  private final String start;
  private final ArrayDeque<Frame> stack = new ArrayDeque<>();
  private final ArrayDeque<Path> queue = new ArrayDeque<>();
  private final PriorityQueue<Queued> heap =
      new PriorityQueue<>(
          (a, b) -> {
            int c = Double.compare(a.path().weight(), b.path().weight());
            return c != 0 ? c : Long.compare(a.seq(), b.seq());
          });

  /** Vertices visited under global uniqueness; flat, as a traversal looks up every edge's end. */
  private final Ordinals visited = new Ordinals();

  private long seq;
  private boolean started;

  public Traverser(
      Transaction txn, Traversal spec, String startVertexId, Predicate<Path> prune, Budget budget) {
    this.graph =
        new GraphReader(
            txn,
            spec.edges(),
            spec.order() == Traversal.Order.WEIGHTED ? spec.weightAttribute() : null,
            spec.defaultWeight(),
            budget);
    this.spec = spec;
    this.prune = prune == null ? p -> false : prune;
    this.budget = budget;
    this.start = startVertexId;
  }

  /** The next path, or null when the traversal is done. */
  public Path next() {
    return switch (spec.order()) {
      case DFS -> nextDepthFirst();
      case BFS -> nextBreadthFirst();
      case WEIGHTED -> nextWeighted();
    };
  }

  private Path nextDepthFirst() {
    if (!started) {
      started = true;
      Path s = Path.start(start);
      if (expands(s)) {
        push(s);
      }
      if (spec.minDepth() == 0) {
        return s;
      }
    }
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.next()[0] == f.edges().size()) {
        stack.pop();
        budget.release(f.bytes());
        continue;
      }
      Adjacent a = f.edges().get(f.next()[0]++);
      budget.checkpoint();
      if (!allowed(f.path(), a)) {
        continue;
      }
      Path child = f.path().extend(a, graph.weight(a));
      if (expands(child)) {
        push(child);
      }
      if (child.depth() >= spec.minDepth()) {
        return child;
      }
    }
    return null;
  }

  private Path nextBreadthFirst() {
    if (!started) {
      started = true;
      enqueue(Path.start(start));
    }
    Path p;
    while ((p = queue.poll()) != null) {
      budget.release(p.bytes());
      if (expands(p)) {
        for (Adjacent a : graph.around(p.vertexId())) {
          budget.checkpoint();
          if (allowed(p, a)) {
            enqueue(p.extend(a, 1));
          }
        }
      }
      if (p.depth() >= spec.minDepth()) {
        return p;
      }
    }
    return null;
  }

  private Path nextWeighted() {
    if (!started) {
      started = true;
      push(new Queued(Path.start(start), seq++));
    }
    Queued q;
    while ((q = heap.poll()) != null) {
      Path p = q.path();
      budget.release(p.bytes());
      if (spec.uniqueVertices() == Traversal.UniqueVertices.GLOBAL) {
        // The lightest path to a vertex leaves the heap first; later ones are dropped here.
        if (!visit(p.vertexId())) {
          continue;
        }
        budget.hold(48L + 2L * p.vertexId().length());
      }
      if (expands(p)) {
        for (Adjacent a : graph.around(p.vertexId())) {
          budget.checkpoint();
          if (allowed(p, a)) {
            push(new Queued(p.extend(a, graph.weight(a)), seq++));
          }
        }
      }
      if (p.depth() >= spec.minDepth()) {
        return p;
      }
    }
    return null;
  }

  private boolean expands(Path p) {
    return p.depth() < spec.maxDepth() && !prune.test(p);
  }

  private void push(Path p) {
    List<Adjacent> edges = graph.around(p.vertexId());
    long bytes = GraphReader.bytes(edges) + p.bytes();
    budget.hold(bytes);
    stack.push(new Frame(p, edges, bytes, new int[1]));
  }

  private void push(Queued q) {
    budget.hold(q.path().bytes());
    heap.add(q);
  }

  private void enqueue(Path p) {
    if (spec.uniqueVertices() == Traversal.UniqueVertices.GLOBAL) {
      // Breadth first, the first path to reach a vertex is a shortest one: mark it found now.
      if (!visit(p.vertexId())) {
        return;
      }
      budget.hold(48L + 2L * p.vertexId().length());
    }
    budget.hold(p.bytes());
    queue.add(p);
  }

  private boolean allowed(Path path, Adjacent a) {
    return switch (spec.uniqueVertices()) {
      case NONE ->
          spec.uniqueEdges() != Traversal.UniqueEdges.PATH || !path.containsEdge(a.edgeId());
      // A vertex new to the path makes the edge reaching it new too: an edge already on the path
      // has both its ends there. So unique vertices need no edge check (a large share of a
      // traversal's time otherwise).
      case PATH -> !path.containsVertex(a.vertexId());
      // The path's vertices are all visited: a vertex not visited is new to the path.
      case GLOBAL -> visited.get(a.vertexId(), a.vertexHash()) == Ordinals.ABSENT;
    };
  }

  /** Marks a vertex visited; false when it was already. */
  private boolean visit(String vertexId) {
    if (visited.get(vertexId) != Ordinals.ABSENT) {
      return false;
    }
    visited.put(vertexId, visited.size());
    return true;
  }

  /** Closes the iterators the search keeps open; the transaction would at its end. */
  @Override
  public void close() {
    graph.close();
  }
}
