package io.themisdb.platform.documents;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.themisdb.engine.NameInUseException;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.UnknownIndexException;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexKind;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.index.VectorOptions;
import io.themisdb.engine.spi.VectorMetric;
import io.themisdb.platform.databases.OpenTransactions;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.requests.ApiSettings;
import io.themisdb.platform.tenancy.ApiCaller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Secondary indexes of a collection: sorted ones, and geo and vector ones searched through {@link
 * IndexSearchController}. An index on a small collection is built before create answers (201); on a
 * larger one, or while the tenant has open transactions, it builds in the background and create
 * answers 202 with the index resource as {@code Location}, whose {@code state} and {@code progress}
 * show how far it got.
 */
@RestController
@RequestMapping("/v1/collections/{collection}/indexes")
@Tag(
    name = "Indexes",
    description = "Persistent indexes: sorted (equality, range, prefix), geo, vector")
class IndexController {

  private final DocumentAccess access;
  private final RequestBodies bodies;
  private final IndexBuilds builds;
  private final ApiSettings settings;
  private final OpenTransactions transactions;

  IndexController(
      DocumentAccess access,
      RequestBodies bodies,
      IndexBuilds builds,
      ApiSettings settings,
      OpenTransactions transactions) {
    this.access = access;
    this.bodies = bodies;
    this.builds = builds;
    this.settings = settings;
    this.transactions = transactions;
  }

  @Schema(description = "A new index")
  record NewIndex(
      @Schema(example = "by_customer") @NotNull @Pattern(regexp = "[A-Za-z][A-Za-z0-9_-]{0,63}")
          String name,
      @Schema(
              allowableValues = {"sorted", "ttl", "geo", "vector"},
              defaultValue = "sorted",
              description =
                  "sorted: equality, range and prefix lookups; ttl: one attribute holding the"
                      + " expiry time (epoch milliseconds or ISO-8601), after which the document is"
                      + " removed; geo: one attribute holding GeoJSON or [lon, lat], or two holding"
                      + " latitude and longitude; vector: one attribute holding an array of"
                      + " dimension numbers")
          @Pattern(regexp = "sorted|ttl|geo|vector")
          String type,
      @Schema(example = "[\"customer\", \"total\"]", description = "Attribute paths, e.g. a.b")
          @NotEmpty
          @Size(max = 8)
          List<@NotNull @Pattern(regexp = "[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*") String> fields,
      @Schema(description = "No two documents may share the values; sorted only") Boolean unique,
      @Schema(description = "Documents lacking an attribute are not indexed; geo always is")
          Boolean sparse,
      @Schema(description = "Vector only (required): components of every vector", example = "384")
          @Min(1)
          @Max(VectorOptions.MAX_DIMENSION)
          Integer dimension,
      @Schema(
              description = "Vector only (required): how distance is measured",
              allowableValues = {"cosine", "euclidean", "dot"})
          @Pattern(regexp = "cosine|euclidean|dot")
          String metric,
      @Schema(description = "Vector only: the most neighbours a graph node keeps (HNSW M)")
          @Min(2)
          @Max(512)
          Integer maxDegree,
      @Schema(description = "Vector only: candidates considered while inserting (efConstruction)")
          @Min(1)
          @Max(4096)
          Integer beamWidth,
      @Schema(description = "Vector only: candidates a search keeps; more raises recall")
          @Min(1)
          @Max(4096)
          Integer efSearch) {}

  @Schema(description = "A vector index's parameters")
  record VectorView(
      int dimension,
      @Schema(allowableValues = {"cosine", "euclidean", "dot"}) String metric,
      int maxDegree,
      int beamWidth,
      int efSearch) {

    static VectorView of(VectorOptions o) {
      return o == null
          ? null
          : new VectorView(
              o.dimension(),
              o.metric().name().toLowerCase(Locale.ROOT),
              o.maxDegree(),
              o.beamWidth(),
              o.efSearch());
    }
  }

  @Schema(description = "An index and, while it builds, its progress")
  record IndexView(
      @Schema(example = "by_customer") String name,
      @Schema(allowableValues = {"sorted", "ttl", "geo", "vector"}) String type,
      List<String> fields,
      boolean unique,
      boolean sparse,
      @Schema(allowableValues = {"building", "ready", "failed"}) String state,
      Progress progress,
      @Schema(description = "Why the build failed (state failed)") Failure failure,
      @Schema(description = "Vector indexes only") VectorView vector) {}

  record Progress(
      long indexed, @Schema(description = "Documents to index; -1 while counting") long total) {}

  record Failure(String type, String detail) {}

  @PostMapping
  @PreAuthorize("hasAuthority('SCOPE_schema:write')")
  @Operation(
      summary = "Create a sorted, geo or vector index",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      schema = @Schema(implementation = NewIndex.class),
                      examples =
                          @ExampleObject(
                              value =
                                  "{\"name\":\"by_customer\",\"fields\":[\"customer\"],"
                                      + "\"unique\":false,\"sparse\":true}"))),
      responses = {
        @ApiResponse(responseCode = "201", description = "Built and ready"),
        @ApiResponse(responseCode = "202", description = "Building; poll Location"),
        @ApiResponse(responseCode = "409", description = "name-in-use, unique-violation")
      })
  ResponseEntity<IndexView> create(
      ApiCaller caller, @PathVariable String collection, @RequestBody JsonNode body) {
    TenantDatabase db = access.database(caller);
    db.collection(collection);
    IndexSpec spec = spec(bodies.read(body, NewIndex.class));
    try {
      db.checkIndexable(collection, spec);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED,
          e.getMessage(),
          Map.of("errors", List.of(Map.of("field", "fields", "message", e.getMessage()))));
    }
    if (db.indexes(collection).stream().anyMatch(d -> d.name().equals(spec.name()))) {
      throw new NameInUseException(
          "index '" + spec.name() + "' exists already on '" + collection + "'");
    }
    UUID tenant = caller.tenant().id();
    builds.forget(tenant, collection, spec.name());
    // Reads at most limit + 1 documents, so that deciding costs little on a large collection.
    long limit = settings.syncIndexBuildMaxDocuments();
    int probe = (int) Math.min(limit + 1, Integer.MAX_VALUE);
    long seen = db.scan(collection, null, probe).documents().size();
    URI location = URI.create("/v1/collections/" + collection + "/indexes/" + spec.name());
    // A build first waits for transactions begun before it, which may take their whole
    // lifetime: with any open, build in the background rather than hold the request.
    if (seen <= limit && transactions.openCount(tenant) == 0) {
      IndexDefinition ready = builds.buildNow(tenant, db, collection, spec, seen);
      return ResponseEntity.created(location).body(view(ready, null));
    }
    builds.buildLater(tenant, db, collection, spec);
    return ResponseEntity.accepted()
        .location(location)
        .body(
            new IndexView(
                spec.name(),
                type(spec.kind()),
                spec.fields(),
                spec.unique(),
                spec.sparse(),
                "building",
                new Progress(0, -1),
                null,
                VectorView.of(spec.vector())));
  }

  @GetMapping
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @Operation(summary = "List the collection's indexes, building ones included")
  List<IndexView> list(ApiCaller caller, @PathVariable String collection) {
    UUID tenant = caller.tenant().id();
    List<IndexView> views = new ArrayList<>();
    for (IndexDefinition d : access.database(caller).indexes(collection)) {
      views.add(view(d, builds.find(tenant, collection, d.name()).orElse(null)));
    }
    return views;
  }

  @GetMapping("/{index}")
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @Operation(
      summary = "An index: its state and, while it builds, its progress",
      responses = {
        @ApiResponse(responseCode = "200", description = "The index"),
        @ApiResponse(responseCode = "404", description = "collection-not-found, index-not-found")
      })
  IndexView get(ApiCaller caller, @PathVariable String collection, @PathVariable String index) {
    TenantDatabase db = access.database(caller);
    List<IndexDefinition> indexes = db.indexes(collection);
    IndexBuilds.Build build = builds.find(caller.tenant().id(), collection, index).orElse(null);
    for (IndexDefinition d : indexes) {
      if (d.name().equals(index)) {
        return view(d, build);
      }
    }
    if (build != null) {
      IndexSpec spec = build.spec;
      boolean failed = build.failure != null;
      return new IndexView(
          index,
          type(spec.kind()),
          spec.fields(),
          spec.unique(),
          spec.sparse(),
          failed ? "failed" : "building",
          new Progress(failed ? build.indexed.get() : 0, build.total),
          failed
              ? new Failure(build.failure.type().uri().toString(), build.failure.getMessage())
              : null,
          VectorView.of(spec.vector()));
    }
    throw new UnknownIndexException("index '" + index + "' does not exist on '" + collection + "'");
  }

  @DeleteMapping("/{index}")
  @PreAuthorize("hasAuthority('SCOPE_schema:write')")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Drop an index")
  void drop(ApiCaller caller, @PathVariable String collection, @PathVariable String index) {
    access.database(caller).dropIndex(collection, index);
  }

  private static IndexView view(IndexDefinition d, IndexBuilds.Build build) {
    String state = d.state().name().toLowerCase(Locale.ROOT);
    Progress progress =
        build == null || build.failure != null
            ? null
            : new Progress(build.indexed.get(), build.total);
    return new IndexView(
        d.name(),
        type(d.kind()),
        d.fields(),
        d.unique(),
        d.sparse(),
        state,
        progress,
        null,
        VectorView.of(d.vector()));
  }

  /**
   * The engine's spec for a request; combinations the kind cannot have answer 400 naming the field
   * rather than being adjusted silently (a geo index asked to be unique would not be).
   */
  private static IndexSpec spec(NewIndex request) {
    boolean unique = Boolean.TRUE.equals(request.unique());
    if ("vector".equals(request.type())) {
      return vectorSpec(request, unique);
    }
    Map<String, Object> vectorOnly = new java.util.LinkedHashMap<>();
    vectorOnly.put("dimension", request.dimension());
    vectorOnly.put("metric", request.metric());
    vectorOnly.put("maxDegree", request.maxDegree());
    vectorOnly.put("beamWidth", request.beamWidth());
    vectorOnly.put("efSearch", request.efSearch());
    for (var option : vectorOnly.entrySet()) {
      if (option.getValue() != null) {
        throw RequestBodies.invalid(option.getKey(), "only a vector index takes it");
      }
    }
    if ("ttl".equals(request.type())) {
      return ttlSpec(request, unique);
    }
    if (!"geo".equals(request.type())) {
      return new IndexSpec(
          request.name(), request.fields(), unique, Boolean.TRUE.equals(request.sparse()));
    }
    if (unique) {
      throw RequestBodies.invalid("unique", "a geo index cannot be unique");
    }
    if (Boolean.FALSE.equals(request.sparse())) {
      throw RequestBodies.invalid(
          "sparse", "a geo index is always sparse: documents without a location are left out");
    }
    List<String> fields = request.fields();
    return switch (fields.size()) {
      case 1 -> IndexSpec.geo(request.name(), fields.get(0));
      case 2 -> IndexSpec.geo(request.name(), fields.get(0), fields.get(1));
      default ->
          throw RequestBodies.invalid(
              "fields",
              "a geo index has one attribute (GeoJSON or [lon, lat]) or two (latitude, longitude)");
    };
  }

  private static IndexSpec ttlSpec(NewIndex request, boolean unique) {
    if (unique) {
      throw RequestBodies.invalid("unique", "a TTL index cannot be unique");
    }
    if (Boolean.FALSE.equals(request.sparse())) {
      throw RequestBodies.invalid(
          "sparse", "a TTL index is always sparse: documents without an expiry time never expire");
    }
    if (request.fields().size() != 1) {
      throw RequestBodies.invalid("fields", "a TTL index has exactly one attribute");
    }
    return IndexSpec.ttl(request.name(), request.fields().get(0));
  }

  private static IndexSpec vectorSpec(NewIndex request, boolean unique) {
    if (unique) {
      throw RequestBodies.invalid("unique", "a vector index cannot be unique");
    }
    if (Boolean.FALSE.equals(request.sparse())) {
      throw RequestBodies.invalid(
          "sparse", "a vector index is always sparse: documents without a vector are left out");
    }
    if (request.fields().size() != 1) {
      throw RequestBodies.invalid("fields", "a vector index has exactly one attribute");
    }
    if (request.dimension() == null) {
      throw RequestBodies.invalid("dimension", "a vector index needs it");
    }
    if (request.metric() == null) {
      throw RequestBodies.invalid("metric", "a vector index needs it");
    }
    VectorOptions options =
        VectorOptions.of(
                request.dimension(),
                VectorMetric.valueOf(request.metric().toUpperCase(Locale.ROOT)))
            .withGraph(
                Objects.requireNonNullElse(request.maxDegree(), VectorOptions.DEFAULT_MAX_DEGREE),
                Objects.requireNonNullElse(request.beamWidth(), VectorOptions.DEFAULT_BEAM_WIDTH),
                Objects.requireNonNullElse(request.efSearch(), VectorOptions.DEFAULT_EF_SEARCH));
    return IndexSpec.vector(request.name(), request.fields().get(0), options);
  }

  static String type(IndexKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
