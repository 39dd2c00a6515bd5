package io.themisdb.platform.graphs;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.aql.QueryCursor;
import io.themisdb.engine.aql.QueryOptions;
import io.themisdb.engine.graph.GraphAlgorithms;
import io.themisdb.engine.graph.GraphAlgorithms.GraphScope;
import io.themisdb.engine.graph.GraphException;
import io.themisdb.platform.databases.TenantDatabases;
import io.themisdb.platform.documents.RequestBodies;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.query.QuerySettings;
import io.themisdb.platform.tenancy.ApiCaller;
import io.themisdb.platform.tenancy.ChecksSuspension;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Graph questions over the caller's collections without writing AQL: traversals and shortest paths
 * run as bind-parameterised AQL (so they obey the query time limit and a memory bound, and read one
 * snapshot), PageRank and connected components through the engine's graph algorithms within {@link
 * GraphSettings}' bounds. Every answer is bounded; all of them only read.
 */
@RestController
@RequestMapping("/v1/graph")
@Tag(name = "Graph", description = "Traversals, shortest paths and graph algorithms")
class GraphController {

  private static final String PATHS_EXAMPLE =
      "{\"paths\":[{\"vertices\":[\"people/alice\",\"people/bob\"],\"edges\":[\"knows/1\"],"
          + "\"weight\":1}],\"vertices\":{\"people/alice\":{\"_key\":\"alice\","
          + "\"_id\":\"people/alice\",\"_rev\":\"_hV3k9\",\"name\":\"Alice\"},\"people/bob\":"
          + "{\"_key\":\"bob\",\"_id\":\"people/bob\",\"_rev\":\"_hV3kA\",\"name\":\"Bob\"}},"
          + "\"edges\":{\"knows/1\":{\"_key\":\"1\",\"_id\":\"knows/1\",\"_rev\":\"_hV3kB\","
          + "\"_from\":\"people/alice\",\"_to\":\"people/bob\"}},\"truncated\":false}";

  private final TenantDatabases databases;
  private final RequestBodies bodies;
  private final QuerySettings querySettings;
  private final GraphSettings settings;

  GraphController(
      TenantDatabases databases,
      RequestBodies bodies,
      QuerySettings querySettings,
      GraphSettings settings) {
    this.databases = databases;
    this.bodies = bodies;
    this.querySettings = querySettings;
    this.settings = settings;
  }

  @Schema(description = "One path: vertex and edge ids from its start, a missing vertex as null")
  record PathView(
      @ArraySchema(schema = @Schema(example = "people/alice", nullable = true))
          List<String> vertices,
      @ArraySchema(schema = @Schema(example = "knows/1")) List<String> edges,
      @Schema(
              description = "Sum of the edge weights; shortest paths only",
              nullable = true,
              example = "1")
          Double weight) {}

  @Schema(description = "Paths with each vertex and edge document they pass once, by id")
  record Paths(
      List<PathView> paths,
      @Schema(description = "The vertex documents, by id") Map<String, JsonNode> vertices,
      @Schema(description = "The edge documents, by id") Map<String, JsonNode> edges,
      @Schema(description = "More paths exist than the limit let through") boolean truncated) {}

  @Schema(description = "One vertex's PageRank score")
  record Rank(@Schema(example = "people/alice") String id, @Schema(example = "0.31") double rank) {}

  @Schema(description = "PageRank scores, highest first")
  record PageRankAnswer(
      @Schema(description = "Vertices in the graph") int vertexCount,
      int iterations,
      @Schema(description = "The last iteration changed the scores by less than the tolerance")
          boolean converged,
      List<Rank> ranks,
      @Schema(description = "More vertices than the limit let through") boolean truncated) {}

  @Schema(description = "One weakly connected component")
  record Component(
      @Schema(description = "The component's smallest vertex id", example = "people/alice")
          String id,
      @Schema(example = "3") int size) {}

  @Schema(description = "Weakly connected components, largest first")
  record ComponentsAnswer(
      int vertexCount,
      @Schema(description = "Number of components") int count,
      List<Component> components,
      @Schema(description = "More components than the limit let through") boolean truncated) {}

  @PostMapping("/traversal")
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @ChecksSuspension
  @Operation(
      summary = "Paths from a start vertex along edge collections",
      description =
          "Runs FOR v, e, p IN minDepth..maxDepth direction start edgeCollections OPTIONS {...}"
              + " (docs/aql.md, Graphs): one path per result, at most limit of them.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      schema = @Schema(implementation = GraphRequests.Traverse.class),
                      examples =
                          @ExampleObject(
                              value =
                                  "{\"start\":\"people/alice\",\"direction\":\"outbound\","
                                      + "\"edgeCollections\":[\"knows\"],\"minDepth\":1,"
                                      + "\"maxDepth\":3,\"order\":\"bfs\","
                                      + "\"uniqueVertices\":\"global\",\"limit\":100}"))),
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The paths",
            content =
                @Content(
                    schema = @Schema(implementation = Paths.class),
                    examples = @ExampleObject(value = PATHS_EXAMPLE))),
        @ApiResponse(responseCode = "400", description = "validation-failed"),
        @ApiResponse(responseCode = "404", description = "collection-not-found"),
        @ApiResponse(
            responseCode = "422",
            description =
                "aql-semantic: not an edge collection; query-failed: an invalid option"
                    + " combination, a negative weight, the memory or time limit")
      })
  Paths traverse(ApiCaller caller, @RequestBody JsonNode body) {
    GraphRequests.Traverse r = bodies.read(body, GraphRequests.Traverse.class);
    int min = r.minDepth() == null ? 1 : r.minDepth();
    int max = r.maxDepth() == null ? min : r.maxDepth();
    if (max < min) {
      throw invalid("maxDepth", "must be at least minDepth");
    }
    String order = r.order() == null ? "dfs" : r.order();
    if ("global".equals(r.uniqueVertices()) && "dfs".equals(order)) {
      throw invalid("uniqueVertices", "global needs order bfs or weighted");
    }
    int limit = limit(r.limit());
    Map<String, Object> bind = new HashMap<>();
    bind.put("start", r.start());
    bind.put("min", min);
    bind.put("max", max);
    bind.put("limit", limit + 1);
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("order", order);
    putIfPresent(options, "uniqueVertices", r.uniqueVertices());
    putIfPresent(options, "uniqueEdges", r.uniqueEdges());
    putIfPresent(options, "weightAttribute", r.weightAttribute());
    putIfPresent(options, "defaultWeight", r.defaultWeight());
    String aql =
        "FOR v, e, p IN @min..@max "
            + direction(r.direction())
            + " @start "
            + edgeParameters(r.edgeCollections(), bind)
            + optionsClause(options, bind)
            + " LIMIT @limit RETURN p";
    return paths(caller, aql, bind, limit);
  }

  @PostMapping("/shortest-path")
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @ChecksSuspension
  @Operation(
      summary = "The k lightest loopless paths between two vertices",
      description =
          "Fewest edges without weightAttribute, Dijkstra over the edge weights with it; k > 1"
              + " follows with the next lightest loopless paths (Yen's algorithm). No path: an"
              + " empty list.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      schema = @Schema(implementation = GraphRequests.ShortestPath.class),
                      examples =
                          @ExampleObject(
                              value =
                                  "{\"from\":\"people/alice\",\"to\":\"people/dave\","
                                      + "\"edgeCollections\":[\"knows\"],"
                                      + "\"weightAttribute\":\"distance\",\"k\":2}"))),
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The paths, lightest first",
            content =
                @Content(
                    schema = @Schema(implementation = Paths.class),
                    examples = @ExampleObject(value = PATHS_EXAMPLE))),
        @ApiResponse(responseCode = "400", description = "validation-failed"),
        @ApiResponse(responseCode = "404", description = "collection-not-found"),
        @ApiResponse(
            responseCode = "422",
            description =
                "aql-semantic: not an edge collection; query-failed: a negative weight, the"
                    + " memory or time limit")
      })
  Paths shortestPath(ApiCaller caller, @RequestBody JsonNode body) {
    GraphRequests.ShortestPath r = bodies.read(body, GraphRequests.ShortestPath.class);
    int k = r.k() == null ? 1 : r.k();
    Map<String, Object> bind = new HashMap<>();
    bind.put("from", r.from());
    bind.put("to", r.to());
    bind.put("k", k);
    Map<String, Object> options = new LinkedHashMap<>();
    putIfPresent(options, "weightAttribute", r.weightAttribute());
    putIfPresent(options, "defaultWeight", r.defaultWeight());
    String aql =
        "FOR p IN "
            + direction(r.direction())
            + " K_SHORTEST_PATHS @from TO @to "
            + edgeParameters(r.edgeCollections(), bind)
            + optionsClause(options, bind)
            + " LIMIT @k RETURN p";
    return paths(caller, aql, bind, k);
  }

  @PostMapping("/pagerank")
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @ChecksSuspension
  @Operation(
      summary = "PageRank of a vertex collection's vertices over the edges between them",
      description =
          "Loads the vertex collection and the edges between its vertices from one snapshot;"
              + " edges to other collections are left out. Scores sum to 1.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      schema = @Schema(implementation = GraphRequests.PageRank.class),
                      examples =
                          @ExampleObject(
                              value =
                                  "{\"vertexCollection\":\"people\","
                                      + "\"edgeCollections\":[\"knows\"],\"limit\":10}"))),
      responses = {
        @ApiResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(implementation = PageRankAnswer.class))),
        @ApiResponse(responseCode = "400", description = "validation-failed"),
        @ApiResponse(responseCode = "404", description = "collection-not-found"),
        @ApiResponse(
            responseCode = "422",
            description =
                "graph-too-large: more vertices or edges than themis.graph.max-vertices or"
                    + " max-edges")
      })
  PageRankAnswer pageRank(ApiCaller caller, @RequestBody JsonNode body) {
    GraphRequests.PageRank r = bodies.read(body, GraphRequests.PageRank.class);
    int limit = limit(r.limit());
    GraphAlgorithms.PageRank result =
        bounded(
            () ->
                GraphAlgorithms.pageRank(
                    database(caller),
                    scope(r.vertexCollection(), r.edgeCollections()),
                    r.damping() == null ? 0.85 : r.damping(),
                    r.maxIterations() == null ? 100 : r.maxIterations(),
                    r.tolerance() == null ? 1e-6 : r.tolerance()));
    List<Rank> ranks =
        result.ranks().entrySet().stream()
            .map(e -> new Rank(e.getKey(), e.getValue()))
            .sorted(Comparator.comparingDouble(Rank::rank).reversed().thenComparing(Rank::id))
            .limit(limit)
            .toList();
    return new PageRankAnswer(
        result.ranks().size(),
        result.iterations(),
        result.converged(),
        ranks,
        result.ranks().size() > limit);
  }

  @PostMapping("/components")
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @ChecksSuspension
  @Operation(
      summary = "Weakly connected components of a vertex collection and its edges",
      description =
          "Edges connect their ends whatever their direction; edges to other collections are"
              + " left out. Each component is named by its smallest vertex id.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      schema = @Schema(implementation = GraphRequests.Components.class),
                      examples =
                          @ExampleObject(
                              value =
                                  "{\"vertexCollection\":\"people\","
                                      + "\"edgeCollections\":[\"knows\"]}"))),
      responses = {
        @ApiResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(implementation = ComponentsAnswer.class))),
        @ApiResponse(responseCode = "400", description = "validation-failed"),
        @ApiResponse(responseCode = "404", description = "collection-not-found"),
        @ApiResponse(
            responseCode = "422",
            description =
                "graph-too-large: more vertices or edges than themis.graph.max-vertices or"
                    + " max-edges")
      })
  ComponentsAnswer components(ApiCaller caller, @RequestBody JsonNode body) {
    GraphRequests.Components r = bodies.read(body, GraphRequests.Components.class);
    int limit = limit(r.limit());
    GraphAlgorithms.Components result =
        bounded(
            () ->
                GraphAlgorithms.connectedComponents(
                    database(caller), scope(r.vertexCollection(), r.edgeCollections())));
    Map<String, Integer> sizes = new HashMap<>();
    result.componentOf().values().forEach(root -> sizes.merge(root, 1, Integer::sum));
    List<Component> components =
        sizes.entrySet().stream()
            .map(e -> new Component(e.getKey(), e.getValue()))
            .sorted(
                Comparator.comparingInt(Component::size).reversed().thenComparing(Component::id))
            .limit(limit)
            .toList();
    return new ComponentsAnswer(
        result.componentOf().size(), result.count(), components, result.count() > limit);
  }

  private TenantDatabase database(ApiCaller caller) {
    return databases.of(caller.tenant());
  }

  /** Runs a query returning paths {vertices, edges[, weight]}, one more than the limit. */
  private Paths paths(ApiCaller caller, String aql, Map<String, Object> bind, int limit) {
    QueryOptions options =
        QueryOptions.DEFAULT
            .withTimeout(querySettings.timeout())
            .withMaxMemoryBytes(settings.maxMemoryBytes());
    List<PathView> paths = new ArrayList<>();
    Map<String, JsonNode> vertices = new LinkedHashMap<>();
    Map<String, JsonNode> edges = new LinkedHashMap<>();
    boolean truncated = false;
    try (QueryCursor cursor = database(caller).query(aql, bind, options)) {
      while (cursor.hasNext()) {
        JsonNode p = cursor.next();
        if (paths.size() == limit) {
          truncated = true;
          break;
        }
        JsonNode weight = p.get("weight");
        paths.add(
            new PathView(
                ids(p.get("vertices"), vertices),
                ids(p.get("edges"), edges),
                weight == null || !weight.isNumber() ? null : weight.doubleValue()));
      }
    }
    return new Paths(paths, vertices, edges, truncated);
  }

  /** The documents' ids in order (null for a missing one), adding each document to {@code seen}. */
  private static List<String> ids(JsonNode documents, Map<String, JsonNode> seen) {
    List<String> ids = new ArrayList<>(documents.size());
    for (JsonNode d : documents) {
      JsonNode id = d.get("_id");
      if (id == null || !id.isString()) {
        ids.add(null);
        continue;
      }
      ids.add(id.stringValue());
      seen.putIfAbsent(id.stringValue(), d);
    }
    return ids;
  }

  /** {@code @@e0, @@e1, ...}: collection names travel as bind parameters, never in the text. */
  private static String edgeParameters(List<String> collections, Map<String, Object> bind) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < collections.size(); i++) {
      bind.put("@e" + i, collections.get(i));
      names.add("@@e" + i);
    }
    return String.join(", ", names);
  }

  /**
   * {@code OPTIONS {name: @o_name, ...}} for the given options (AQL wants an object literal there);
   * the names are ours, the values bind parameters. Empty when there are none.
   */
  private static String optionsClause(Map<String, Object> options, Map<String, Object> bind) {
    if (options.isEmpty()) {
      return "";
    }
    List<String> entries = new ArrayList<>();
    options.forEach(
        (name, value) -> {
          bind.put("o_" + name, value);
          entries.add(name + ": @o_" + name);
        });
    return " OPTIONS {" + String.join(", ", entries) + "}";
  }

  /** The validated direction as its AQL keyword (the one part of the text from the request). */
  private static String direction(String direction) {
    return (direction == null ? "outbound" : direction).toUpperCase(Locale.ROOT);
  }

  private GraphScope scope(String vertexCollection, List<String> edgeCollections) {
    return new GraphScope(
        vertexCollection, edgeCollections, settings.maxVertices(), settings.maxEdges());
  }

  /** The algorithms fail with GraphException only when the graph exceeds the scope's bounds. */
  private <T> T bounded(Supplier<T> algorithm) {
    try {
      return algorithm.get();
    } catch (GraphException e) {
      throw new ProblemException(
          ProblemType.GRAPH_TOO_LARGE,
          e.getMessage(),
          Map.of("maxVertices", settings.maxVertices(), "maxEdges", settings.maxEdges()));
    }
  }

  private int limit(Integer requested) {
    if (requested == null) {
      return Math.min(100, settings.maxResults());
    }
    if (requested > settings.maxResults()) {
      throw invalid("limit", "must be at most " + settings.maxResults());
    }
    return requested;
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static ProblemException invalid(String field, String message) {
    return new ProblemException(
        ProblemType.VALIDATION_FAILED,
        "The request has invalid fields.",
        Map.of("errors", List.of(Map.of("field", field, "message", message))));
  }
}
