package io.themisdb.engine.aql.exec;

import io.themisdb.engine.InvalidDocumentException;
import io.themisdb.engine.UnknownCollectionException;
import io.themisdb.engine.aql.AqlExecutionException;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.document.DocumentKeys;
import io.themisdb.engine.document.DocumentShape;
import io.themisdb.engine.graph.Budget;
import io.themisdb.engine.graph.EdgeSource;
import io.themisdb.engine.graph.Path;
import io.themisdb.engine.graph.ShortestPaths;
import io.themisdb.engine.graph.Traversal;
import io.themisdb.engine.graph.Traverser;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The graph FOR operators: a traversal, SHORTEST_PATH and K_SHORTEST_PATHS, each run once per input
 * row through {@link io.themisdb.engine.graph}. They read vertices and edges as documents (with
 * {@code _id}); a vertex that does not exist is null. What they keep counts against the query's
 * memory limit, and each edge followed checks its time limit.
 */
public final class GraphScans {
  private GraphScans() {}

  /**
   * A planned traversal. Slots of variables not declared, or declared but never read, are -1;
   * {@code minDepth} and {@code maxDepth} are null without a depth (1..1); {@code prune} and {@code
   * options} may be null.
   */
  public record TraversalPlan(
      int vertexSlot,
      int edgeSlot,
      int pathSlot,
      Eval minDepth,
      Eval maxDepth,
      Eval start,
      List<EdgeSource> edges,
      Eval prune,
      Eval options) {}

  /** A planned SHORTEST_PATH ({@code pathSlot} -1) or K_SHORTEST_PATHS ({@code vertexSlot} -1). */
  public record PathPlan(
      int vertexSlot,
      int edgeSlot,
      int pathSlot,
      Eval start,
      Eval target,
      List<EdgeSource> edges,
      Eval options) {}

  private static final Set<String> TRAVERSAL_OPTIONS =
      Set.of("order", "bfs", "uniqueVertices", "uniqueEdges", "weightAttribute", "defaultWeight");
  private static final Set<String> PATH_OPTIONS = Set.of("weightAttribute", "defaultWeight");

  /** FOR v, e, p IN min..max direction start edges PRUNE ... OPTIONS ... */
  public static Operator traverse(Operator input, TraversalPlan plan, QueryContext ctx) {
    return new Operator() {
      private JsonNode[] current;
      private Traverser traverser;
      private QueryBudget budget;
      private Documents documents;
      private Path rowPath;
      private JsonNode[] row;

      @Override
      public JsonNode[] next() {
        while (true) {
          if (traverser != null) {
            Path p = traverser.next();
            if (p != null) {
              return p == rowPath ? row : row(p);
            }
            finish();
          }
          current = input.next();
          if (current == null) {
            return null;
          }
          start(current);
        }
      }

      private void start(JsonNode[] outer) {
        String from = vertexId(plan.start().eval(outer), "start vertex");
        JsonNode options = options(plan.options(), outer, TRAVERSAL_OPTIONS);
        int min = plan.minDepth() == null ? 1 : depth(plan.minDepth().eval(outer));
        int max = plan.maxDepth() == null ? 1 : depth(plan.maxDepth().eval(outer));
        Traversal spec;
        try {
          spec =
              new Traversal(
                  plan.edges(),
                  min,
                  max,
                  order(options),
                  enumOption(
                      options,
                      "uniqueVertices",
                      Traversal.UniqueVertices.class,
                      Traversal.UniqueVertices.NONE),
                  enumOption(
                      options,
                      "uniqueEdges",
                      Traversal.UniqueEdges.class,
                      Traversal.UniqueEdges.PATH),
                  stringOption(options, "weightAttribute"),
                  weightOption(options));
        } catch (IllegalArgumentException e) {
          throw new AqlExecutionException("invalid traversal: " + e.getMessage());
        }
        documents = new Documents(ctx, plan.pathSlot() >= 0);
        budget = new QueryBudget(ctx, "traversal");
        traverser =
            new Traverser(
                ctx.transaction(),
                spec,
                from,
                plan.prune() == null ? null : p -> Values.truthy(plan.prune().eval(row(p))),
                budget);
      }

      /** Ends the current traversal: its iterators closed, its memory given back. */
      private void finish() {
        if (traverser != null) {
          traverser.close();
          traverser = null;
          budget.releaseAll();
          documents.release();
          rowPath = null;
          row = null;
        }
      }

      /** The output row of a path; remembered, as PRUNE and the output need the same one. */
      private JsonNode[] row(Path p) {
        JsonNode[] out = current.clone();
        if (plan.vertexSlot() >= 0) {
          out[plan.vertexSlot()] = documents.get(p.vertexId());
        }
        if (plan.edgeSlot() >= 0) {
          out[plan.edgeSlot()] = p.edgeId() == null ? Values.NULL : documents.get(p.edgeId());
        }
        if (plan.pathSlot() >= 0) {
          out[plan.pathSlot()] = documents.path(p, false);
        }
        rowPath = p;
        row = out;
        return out;
      }

      @Override
      public void close() {
        finish();
        input.close();
      }
    };
  }

  /** SHORTEST_PATH: one row per vertex of the path; K_SHORTEST_PATHS: one row per path. */
  public static Operator shortestPaths(Operator input, PathPlan plan, QueryContext ctx) {
    return new Operator() {
      private JsonNode[] current;
      private ShortestPaths search;
      private QueryBudget budget;
      private Documents documents;
      private List<String> vertices;
      private List<String> edges;
      private int at;

      @Override
      public JsonNode[] next() {
        while (true) {
          if (vertices != null && at < vertices.size()) {
            JsonNode[] out = current.clone();
            out[plan.vertexSlot()] = documents.get(vertices.get(at));
            if (plan.edgeSlot() >= 0) {
              out[plan.edgeSlot()] = at == 0 ? Values.NULL : documents.get(edges.get(at - 1));
            }
            at++;
            return out;
          }
          if (search != null && plan.pathSlot() >= 0) {
            Path p = search.nextShortest();
            if (p != null) {
              JsonNode[] out = current.clone();
              out[plan.pathSlot()] = documents.path(p, true);
              return out;
            }
          }
          finish();
          current = input.next();
          if (current == null) {
            return null;
          }
          String from = vertexId(plan.start().eval(current), "start vertex");
          String to = vertexId(plan.target().eval(current), "target vertex");
          JsonNode options = options(plan.options(), current, PATH_OPTIONS);
          budget =
              new QueryBudget(ctx, plan.pathSlot() >= 0 ? "K_SHORTEST_PATHS" : "SHORTEST_PATH");
          documents = new Documents(ctx, plan.pathSlot() >= 0);
          search =
              new ShortestPaths(
                  ctx.transaction(),
                  plan.edges(),
                  stringOption(options, "weightAttribute"),
                  weightOption(options),
                  from,
                  to,
                  budget);
          if (plan.pathSlot() < 0) {
            Path p = search.shortest();
            if (p != null) {
              vertices = p.vertexIds();
              edges = p.edgeIds();
              at = 0;
            }
          }
        }
      }

      private void finish() {
        vertices = null;
        if (search != null) {
          search.close();
          search = null;
          budget.releaseAll();
          documents.release();
        }
      }

      @Override
      public void close() {
        finish();
        input.close();
      }
    };
  }

  /**
   * Reads vertex and edge documents by id. With {@code keep} (paths are returned, and repeat their
   * prefixes) each is read once per traversal and kept, counted against the memory limit until
   * {@link #release}.
   */
  private static final class Documents {
    private final QueryContext ctx;
    private final Map<String, JsonNode> kept;
    private long bytes;

    Documents(QueryContext ctx, boolean keep) {
      this.ctx = ctx;
      this.kept = keep ? new HashMap<>() : null;
    }

    JsonNode get(String id) {
      JsonNode d = kept == null ? null : kept.get(id);
      if (d != null) {
        return d;
      }
      int slash = id.indexOf('/');
      ctx.checkpoint();
      try {
        d =
            Values.orNull(
                ctx.document(id.substring(0, slash), id.substring(slash + 1)).orElse(null));
      } catch (UnknownCollectionException e) {
        d = Values.NULL;
      }
      if (kept != null) {
        long size = QueryContext.estimate(d) + 2L * id.length() + 48;
        ctx.holdBytes(size, "traversal");
        bytes += size;
        kept.put(id, d);
      }
      return d;
    }

    ObjectNode path(Path p, boolean withWeight) {
      ObjectNode out = Values.object();
      ArrayNode edges = out.putArray("edges");
      p.edgeIds().forEach(id -> edges.add(get(id)));
      ArrayNode vertices = out.putArray("vertices");
      p.vertexIds().forEach(id -> vertices.add(get(id)));
      if (withWeight) {
        out.set("weight", Values.number(p.weight()));
      }
      return out;
    }

    void release() {
      ctx.releaseBytes(bytes);
      bytes = 0;
    }
  }

  /** The query's limits as a graph {@link Budget}; what is still held is given back at the end. */
  private static final class QueryBudget implements Budget {
    private final QueryContext ctx;
    private final String operator;
    private long held;

    QueryBudget(QueryContext ctx, String operator) {
      this.ctx = ctx;
      this.operator = operator;
    }

    @Override
    public void hold(long bytes) {
      ctx.holdBytes(bytes, operator);
      held += bytes;
    }

    @Override
    public void release(long bytes) {
      ctx.releaseBytes(bytes);
      held -= bytes;
    }

    @Override
    public void checkpoint() {
      ctx.checkpoint();
    }

    void releaseAll() {
      ctx.releaseBytes(held);
      held = 0;
    }
  }

  /** A document id from a string 'collection/key' or a document's _id. */
  private static String vertexId(JsonNode v, String what) {
    JsonNode id = v != null && v.isObject() ? v.get(DocumentShape.ID) : v;
    if (id != null && id.isString()) {
      String s = id.stringValue();
      int slash = s.indexOf('/');
      if (slash > 0 && slash < s.length() - 1) {
        try {
          DocumentKeys.validate(s.substring(slash + 1));
          return s;
        } catch (InvalidDocumentException e) {
          // reported below, as any other malformed id
        }
      }
    }
    throw new AqlExecutionException(
        "the "
            + what
            + " must be a document id 'collection/key' or a document with _id, got "
            + Values.toText(Values.orNull(v)));
  }

  private static int depth(JsonNode v) {
    if (!v.isNumber()
        || v.doubleValue() < 0
        || v.doubleValue() != Math.rint(v.doubleValue())
        || v.doubleValue() > Integer.MAX_VALUE) {
      throw new AqlExecutionException(
          "a traversal depth must be a non-negative integer, got " + Values.toText(v));
    }
    return v.intValue();
  }

  private static JsonNode options(Eval options, JsonNode[] row, Set<String> known) {
    if (options == null) {
      return Values.object();
    }
    JsonNode o = options.eval(row);
    if (!o.isObject()) {
      throw new AqlExecutionException("OPTIONS must be an object, got " + Values.typeName(o));
    }
    for (String name : o.propertyNames()) {
      if (!known.contains(name)) {
        throw new AqlExecutionException(
            "unknown option '" + name + "'; supported: " + new java.util.TreeSet<>(known));
      }
    }
    return o;
  }

  private static Traversal.Order order(JsonNode options) {
    JsonNode bfs = options.get("bfs");
    if (options.has("order")) {
      return enumOption(options, "order", Traversal.Order.class, Traversal.Order.DFS);
    }
    if (bfs != null && !bfs.isBoolean()) {
      throw new AqlExecutionException("option 'bfs' must be true or false");
    }
    return bfs != null && bfs.booleanValue() ? Traversal.Order.BFS : Traversal.Order.DFS;
  }

  private static <E extends Enum<E>> E enumOption(
      JsonNode options, String name, Class<E> type, E fallback) {
    JsonNode v = options.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (v.isString()) {
      for (E e : type.getEnumConstants()) {
        if (e.name().toLowerCase(Locale.ROOT).equals(v.stringValue())) {
          return e;
        }
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      allowed
          .append(allowed.isEmpty() ? "" : ", ")
          .append('"')
          .append(e.name().toLowerCase(Locale.ROOT))
          .append('"');
    }
    throw new AqlExecutionException(
        "option '" + name + "' must be one of " + allowed + ", got " + Values.toText(v));
  }

  private static String stringOption(JsonNode options, String name) {
    JsonNode v = options.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString() || v.stringValue().isEmpty()) {
      throw new AqlExecutionException("option '" + name + "' must be a non-empty string");
    }
    return v.stringValue();
  }

  private static double weightOption(JsonNode options) {
    JsonNode v = options.get("defaultWeight");
    if (v == null || v.isNull()) {
      return 1;
    }
    if (!v.isNumber() || v.doubleValue() < 0) {
      throw new AqlExecutionException(
          "option 'defaultWeight' must be a number >= 0, got " + Values.toText(v));
    }
    return v.doubleValue();
  }
}
