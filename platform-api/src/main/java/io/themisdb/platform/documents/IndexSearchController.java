package io.themisdb.platform.documents;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.Transaction;
import io.themisdb.engine.UnknownIndexException;
import io.themisdb.engine.geo.GeoHit;
import io.themisdb.engine.geo.GeoIndexReader;
import io.themisdb.engine.geo.GeoSearch;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexKind;
import io.themisdb.engine.index.VectorOptions;
import io.themisdb.engine.vector.VectorNeighbour;
import io.themisdb.platform.tenancy.ApiCaller;
import io.themisdb.platform.tenancy.ChecksSuspension;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Searches through one index without writing AQL: documents near a point by a geo index, or near a
 * vector by a vector index ({@code nearest} serves both, by the index's kind). A geo search reads
 * the index and the documents in one transaction, so its answer is one snapshot (the caller's open
 * transaction when the request names one); a vector search sees every change committed before it
 * began. An index of another kind answers 404 index-not-found, as the engine does, rather than a
 * slower scan.
 */
@RestController
@RequestMapping("/v1/collections/{collection}/indexes/{index}")
@Tag(name = "Indexes")
class IndexSearchController {

  /** The most documents one answer holds; a client wanting more narrows the search. */
  static final int MAX_RESULTS = 1000;

  private static final String HITS_EXAMPLE =
      "{\"results\":[{\"document\":{\"_key\":\"louvre\",\"_id\":\"places/louvre\","
          + "\"_rev\":\"_hV3k9\",\"loc\":[2.3376,48.8606]},\"distanceMetres\":1873.4}],"
          + "\"truncated\":false}";

  private final DocumentAccess access;
  private final RequestBodies bodies;

  IndexSearchController(DocumentAccess access, RequestBodies bodies) {
    this.access = access;
    this.bodies = bodies;
  }

  @Schema(description = "Documents within a distance of a point")
  record WithinRadius(
      @Schema(example = "2.3522", requiredMode = Schema.RequiredMode.REQUIRED)
          @NotNull
          @DecimalMin("-180")
          @DecimalMax("180")
          Double lon,
      @Schema(example = "48.8566", requiredMode = Schema.RequiredMode.REQUIRED)
          @NotNull
          @DecimalMin("-90")
          @DecimalMax("90")
          Double lat,
      @Schema(
              description = "Great-circle distance on a sphere of radius 6 371 008.8 m",
              example = "2000",
              requiredMode = Schema.RequiredMode.REQUIRED)
          @NotNull
          @DecimalMin("0")
          Double metres,
      @Schema(description = "At most this many, nearest first", defaultValue = "100")
          @Min(1)
          @Max(MAX_RESULTS)
          Integer limit) {}

  @Schema(description = "The documents nearest a point")
  record Nearest(
      @Schema(example = "2.3522", requiredMode = Schema.RequiredMode.REQUIRED)
          @NotNull
          @DecimalMin("-180")
          @DecimalMax("180")
          Double lon,
      @Schema(example = "48.8566", requiredMode = Schema.RequiredMode.REQUIRED)
          @NotNull
          @DecimalMin("-90")
          @DecimalMax("90")
          Double lat,
      @Schema(description = "How many", defaultValue = "10") @Min(1) @Max(MAX_RESULTS) Integer k) {}

  @Schema(description = "A document and its distance from the searched point")
  record Hit(
      JsonNode document,
      @Schema(description = "From the document's point, or its shape's centroid")
          double distanceMetres) {}

  @Schema(description = "The documents nearest a vector")
  record VectorNearest(
      @Schema(
              description = "As many numbers as the index's dimension",
              example = "[0.12, -0.4, 0.33]",
              requiredMode = Schema.RequiredMode.REQUIRED)
          @NotEmpty
          @Size(max = VectorOptions.MAX_DIMENSION)
          List<@NotNull Float> vector,
      @Schema(description = "How many", defaultValue = "10") @Min(1) @Max(MAX_RESULTS) Integer k,
      @Schema(
              description = "Compare with every vector instead of searching the graph",
              defaultValue = "false")
          Boolean exact) {}

  @Schema(description = "A document and its distance by the index's metric")
  record Neighbour(
      JsonNode document,
      @Schema(description = "Squared Euclidean, 1 - cosine, or the negated dot product")
          double distance) {}

  @Schema(description = "Documents nearest first")
  record Neighbours(List<Neighbour> neighbours) {}

  @Schema(description = "Documents nearest first (ties by key)")
  record Hits(
      List<Hit> results,
      @Schema(description = "More documents matched than the limit let through")
          boolean truncated) {}

  @PostMapping("/within-radius")
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @ChecksSuspension
  @Operation(
      summary = "Documents within a distance of a point, by a geo index",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      schema = @Schema(implementation = WithinRadius.class),
                      examples =
                          @ExampleObject(
                              value =
                                  "{\"lon\":2.3522,\"lat\":48.8566,\"metres\":2000,"
                                      + "\"limit\":100}"))),
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The documents, nearest first",
            content =
                @Content(
                    schema = @Schema(implementation = Hits.class),
                    examples = @ExampleObject(value = HITS_EXAMPLE))),
        @ApiResponse(responseCode = "400", description = "validation-failed"),
        @ApiResponse(
            responseCode = "404",
            description =
                "collection-not-found; index-not-found (also a non-geo index, or one still"
                    + " building); transaction-not-found")
      })
  Hits withinRadius(
      ApiCaller caller,
      @PathVariable String collection,
      @PathVariable String index,
      @Parameter(description = "Open transaction to read in")
          @RequestHeader(name = DocumentAccess.HEADER, required = false)
          String transaction,
      @RequestBody JsonNode body) {
    geoIndex(access.database(caller), collection, index);
    WithinRadius request = bodies.read(body, WithinRadius.class);
    int limit = request.limit() == null ? 100 : request.limit();
    return read(
        caller,
        transaction,
        t -> {
          // one more than the limit tells whether the answer was cut short
          List<GeoHit> hits =
              GeoSearch.withinRadius(
                  t.geoIndex(collection, index),
                  request.lon(),
                  request.lat(),
                  request.metres(),
                  limit + 1);
          boolean truncated = hits.size() > limit;
          return hits(t, collection, truncated ? hits.subList(0, limit) : hits, truncated);
        });
  }

  @PostMapping("/nearest")
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @ChecksSuspension
  @Operation(
      summary = "The k documents nearest a point (geo index) or a vector (vector index)",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      schema = @Schema(oneOf = {Nearest.class, VectorNearest.class}),
                      examples = {
                        @ExampleObject(
                            name = "geo",
                            value = "{\"lon\":2.3522,\"lat\":48.8566,\"k\":5}"),
                        @ExampleObject(
                            name = "vector",
                            value = "{\"vector\":[0.12,-0.4,0.33],\"k\":5,\"exact\":false}")
                      })),
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The documents, nearest first: Hits (geo) or Neighbours (vector)",
            content = @Content(schema = @Schema(oneOf = {Hits.class, Neighbours.class}))),
        @ApiResponse(
            responseCode = "400",
            description = "validation-failed, e.g. a vector of another dimension than the index's"),
        @ApiResponse(
            responseCode = "404",
            description =
                "collection-not-found; index-not-found (also an index neither geo nor vector, or"
                    + " one still building); transaction-not-found")
      })
  Object nearest(
      ApiCaller caller,
      @PathVariable String collection,
      @PathVariable String index,
      @Parameter(description = "Open transaction to read in")
          @RequestHeader(name = DocumentAccess.HEADER, required = false)
          String transaction,
      @RequestBody JsonNode body) {
    TenantDatabase db = access.database(caller);
    IndexDefinition found = index(db, collection, index);
    if (found.kind() == IndexKind.VECTOR) {
      if (transaction != null && !transaction.isBlank()) { // blank: none, as for documents
        throw RequestBodies.invalid(
            DocumentAccess.HEADER, "vector searches read the latest committed state");
      }
      return vectorNearest(db, collection, found, bodies.read(body, VectorNearest.class));
    }
    if (found.kind() != IndexKind.GEO) {
      throw new UnknownIndexException("index '" + index + "' is neither a geo nor a vector index");
    }
    Nearest request = bodies.read(body, Nearest.class);
    int k = request.k() == null ? 10 : request.k();
    return read(
        caller,
        transaction,
        t -> {
          GeoIndexReader reader = t.geoIndex(collection, index);
          // the index is read ring by ring only as far as the k-th document
          Iterator<GeoHit> it = GeoSearch.nearest(reader, request.lon(), request.lat());
          List<GeoHit> hits = new ArrayList<>();
          while (hits.size() < k && it.hasNext()) {
            hits.add(it.next());
          }
          return hits(t, collection, hits, false);
        });
  }

  /**
   * Checks the path before the body (404 before 400); the search itself checks again in its
   * transaction, where the index may since have been dropped.
   */
  private static void geoIndex(TenantDatabase db, String collection, String index) {
    if (index(db, collection, index).kind() != IndexKind.GEO) {
      throw new UnknownIndexException("index '" + index + "' is not a geo index");
    }
  }

  private static IndexDefinition index(TenantDatabase db, String collection, String index) {
    return db.indexes(collection).stream()
        .filter(d -> d.name().equals(index))
        .findFirst()
        .orElseThrow(
            () ->
                new UnknownIndexException(
                    "index '" + index + "' does not exist on '" + collection + "'"));
  }

  private static Neighbours vectorNearest(
      TenantDatabase db, String collection, IndexDefinition index, VectorNearest request) {
    int dimension = index.vector().dimension();
    if (request.vector().size() != dimension) {
      throw RequestBodies.invalid(
          "vector", "has " + request.vector().size() + " components; the index takes " + dimension);
    }
    float[] query = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      query[i] = request.vector().get(i);
    }
    int k = request.k() == null ? 10 : request.k();
    List<Neighbour> out = new ArrayList<>();
    for (VectorNeighbour n :
        db.vectors()
            .nearest(
                collection, index.name(), query, k, null, Boolean.TRUE.equals(request.exact()))) {
      out.add(new Neighbour(n.document(), n.distance()));
    }
    return new Neighbours(out);
  }

  private Hits read(ApiCaller caller, String transaction, Function<Transaction, Hits> search) {
    return access.run(
        caller,
        transaction,
        db -> {
          try (Transaction t = db.begin()) {
            return search.apply(t); // only reads: closing aborts
          }
        },
        search);
  }

  /** The hits' documents, read in the search's transaction, so each one exists. */
  private static Hits hits(Transaction t, String collection, List<GeoHit> hits, boolean truncated) {
    List<Hit> results = new ArrayList<>(hits.size());
    for (GeoHit h : hits) {
      t.get(collection, h.key()).ifPresent(d -> results.add(new Hit(d, h.distanceMetres())));
    }
    return new Hits(results, truncated);
  }
}
