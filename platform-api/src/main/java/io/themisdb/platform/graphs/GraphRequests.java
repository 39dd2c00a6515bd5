package io.themisdb.platform.graphs;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The bodies of the graph endpoints, read strictly: unknown fields are errors. */
final class GraphRequests {

  private GraphRequests() {}

  static final String COLLECTION = "[A-Za-z][A-Za-z0-9_-]{0,255}";
  static final String VERTEX_ID = "[A-Za-z][A-Za-z0-9_-]{0,255}/[^/]{1,254}";
  static final String DIRECTION = "outbound|inbound|any";
  static final String ATTRIBUTE = "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*";

  @Schema(description = "A traversal from one vertex")
  record Traverse(
      @Schema(
              description = "The start vertex id",
              example = "people/alice",
              requiredMode = Schema.RequiredMode.REQUIRED)
          @NotNull
          @Pattern(regexp = VERTEX_ID)
          String start,
      @Schema(
              allowableValues = {"outbound", "inbound", "any"},
              defaultValue = "outbound")
          @Pattern(regexp = DIRECTION)
          String direction,
      @ArraySchema(
              schema = @Schema(example = "knows"),
              arraySchema = @Schema(description = "Edge collections to follow"))
          @NotEmpty
          @Size(max = 16)
          List<@NotNull @Pattern(regexp = COLLECTION) String> edgeCollections,
      @Schema(description = "Shortest paths returned; 0 returns the start", defaultValue = "1")
          @Min(0)
          @Max(100)
          Integer minDepth,
      @Schema(description = "Longest paths followed; defaults to minDepth", defaultValue = "1")
          @Min(0)
          @Max(100)
          Integer maxDepth,
      @Schema(
              allowableValues = {"dfs", "bfs", "weighted"},
              defaultValue = "dfs")
          @Pattern(regexp = "dfs|bfs|weighted")
          String order,
      @Schema(
              allowableValues = {"none", "path", "global"},
              defaultValue = "none")
          @Pattern(regexp = "none|path|global")
          String uniqueVertices,
      @Schema(
              allowableValues = {"none", "path"},
              defaultValue = "path")
          @Pattern(regexp = "none|path")
          String uniqueEdges,
      @Schema(description = "Edge attribute (dotted path) with the weight, for order weighted")
          @Pattern(regexp = ATTRIBUTE)
          String weightAttribute,
      @Schema(description = "Weight of an edge without a numeric weight", defaultValue = "1")
          @DecimalMin("0")
          Double defaultWeight,
      @Schema(description = "Most paths answered; at most themis.graph.max-results") @Min(1)
          Integer limit) {}

  @Schema(description = "A search for the lightest paths between two vertices")
  record ShortestPath(
      @Schema(example = "people/alice", requiredMode = Schema.RequiredMode.REQUIRED)
          @NotNull
          @Pattern(regexp = VERTEX_ID)
          String from,
      @Schema(example = "people/dave", requiredMode = Schema.RequiredMode.REQUIRED)
          @NotNull
          @Pattern(regexp = VERTEX_ID)
          String to,
      @Schema(
              allowableValues = {"outbound", "inbound", "any"},
              defaultValue = "outbound")
          @Pattern(regexp = DIRECTION)
          String direction,
      @ArraySchema(
              schema = @Schema(example = "knows"),
              arraySchema = @Schema(description = "Edge collections to follow"))
          @NotEmpty
          @Size(max = 16)
          List<@NotNull @Pattern(regexp = COLLECTION) String> edgeCollections,
      @Schema(description = "Edge attribute with the weight; without it every edge weighs 1")
          @Pattern(regexp = ATTRIBUTE)
          String weightAttribute,
      @Schema(description = "Weight of an edge without a numeric weight", defaultValue = "1")
          @DecimalMin("0")
          Double defaultWeight,
      @Schema(description = "How many loopless paths, lightest first", defaultValue = "1")
          @Min(1)
          @Max(10)
          Integer k) {}

  @Schema(description = "PageRank over one vertex collection and the edges between its vertices")
  record PageRank(
      @Schema(example = "people", requiredMode = Schema.RequiredMode.REQUIRED)
          @NotNull
          @Pattern(regexp = COLLECTION)
          String vertexCollection,
      @ArraySchema(schema = @Schema(example = "knows")) @NotEmpty @Size(max = 16)
          List<@NotNull @Pattern(regexp = COLLECTION) String> edgeCollections,
      @Schema(description = "The damping factor", defaultValue = "0.85")
          @DecimalMin("0")
          @DecimalMax("1")
          Double damping,
      @Schema(defaultValue = "100") @Min(1) @Max(1000) Integer maxIterations,
      @Schema(description = "Stop once scores change by less (L1 norm)", defaultValue = "1e-6")
          @DecimalMin("0")
          Double tolerance,
      @Schema(description = "Most ranks answered, highest first; at most themis.graph.max-results")
          @Min(1)
          Integer limit) {}

  @Schema(description = "Weakly connected components of one vertex collection and its edges")
  record Components(
      @Schema(example = "people", requiredMode = Schema.RequiredMode.REQUIRED)
          @NotNull
          @Pattern(regexp = COLLECTION)
          String vertexCollection,
      @ArraySchema(schema = @Schema(example = "knows")) @NotEmpty @Size(max = 16)
          List<@NotNull @Pattern(regexp = COLLECTION) String> edgeCollections,
      @Schema(
              description =
                  "Most components answered, largest first; at most themis.graph.max-results")
          @Min(1)
          Integer limit) {}
}
