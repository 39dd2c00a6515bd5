package io.themisdb.platform.documents;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.themisdb.engine.CollectionStats;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.platform.tenancy.ApiCaller;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.List;
import java.util.Locale;
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

/** The caller's collections: create, list, inspect with statistics, drop. */
@RestController
@RequestMapping("/v1/collections")
@Tag(name = "Collections", description = "Collections of JSON documents or graph edges")
class CollectionController {

  private final DocumentAccess access;
  private final RequestBodies bodies;

  CollectionController(DocumentAccess access, RequestBodies bodies) {
    this.access = access;
    this.bodies = bodies;
  }

  @Schema(description = "Options of a new collection")
  record NewCollection(
      @Schema(example = "orders", description = "A letter, then letters, digits, _ or -")
          @NotNull
          @Pattern(regexp = "[A-Za-z][A-Za-z0-9_-]{0,255}")
          String name,
      @Schema(
              allowableValues = {"document", "edge"},
              defaultValue = "document",
              description = "edge collections hold _from/_to documents")
          @Pattern(regexp = "document|edge")
          String type) {}

  record CollectionView(
      @Schema(example = "orders") String name, @Schema(example = "document") String type) {
    static CollectionView of(CollectionInfo c) {
      return new CollectionView(c.name(), c.type().name().toLowerCase(Locale.ROOT));
    }
  }

  record CollectionDetails(
      @Schema(example = "orders") String name,
      @Schema(example = "document") String type,
      @Schema(example = "1200") long documentCount,
      @Schema(description = "Estimate of stored documents and index entries", example = "524288")
          long approximateBytes) {}

  @PostMapping
  @PreAuthorize("hasAuthority('SCOPE_schema:write')")
  @Operation(
      summary = "Create a collection",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      schema = @Schema(implementation = NewCollection.class),
                      examples =
                          @ExampleObject(value = "{\"name\":\"orders\",\"type\":\"document\"}"))),
      responses = {
        @ApiResponse(responseCode = "201", description = "Created"),
        @ApiResponse(responseCode = "400", description = "Invalid name, type or unknown field"),
        @ApiResponse(responseCode = "409", description = "name-in-use")
      })
  ResponseEntity<CollectionView> create(ApiCaller caller, @RequestBody JsonNode body) {
    NewCollection request = bodies.read(body, NewCollection.class);
    CollectionType type =
        "edge".equals(request.type()) ? CollectionType.EDGE : CollectionType.DOCUMENT;
    CollectionInfo created = access.database(caller).createCollection(request.name(), type);
    return ResponseEntity.created(URI.create("/v1/collections/" + created.name()))
        .body(CollectionView.of(created));
  }

  @GetMapping
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @Operation(summary = "List the collections")
  List<CollectionView> list(ApiCaller caller) {
    return access.database(caller).collections().stream().map(CollectionView::of).toList();
  }

  @GetMapping("/{collection}")
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @Operation(
      summary = "A collection with its size",
      responses = {
        @ApiResponse(responseCode = "200", description = "The collection"),
        @ApiResponse(responseCode = "404", description = "collection-not-found")
      })
  CollectionDetails get(ApiCaller caller, @PathVariable String collection) {
    TenantDatabase db = access.database(caller);
    CollectionInfo c = db.collection(collection);
    CollectionStats stats = db.stats(collection);
    CollectionView view = CollectionView.of(c);
    return new CollectionDetails(
        view.name(), view.type(), stats.documentCount(), stats.approximateBytes());
  }

  @DeleteMapping("/{collection}")
  @PreAuthorize("hasAuthority('SCOPE_schema:write')")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Drop a collection with its documents and indexes")
  void drop(ApiCaller caller, @PathVariable String collection) {
    access.database(caller).dropCollection(collection);
  }
}
