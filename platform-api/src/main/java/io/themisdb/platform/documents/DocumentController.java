package io.themisdb.platform.documents;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.themisdb.engine.DocumentMeta;
import io.themisdb.engine.DocumentNotFoundException;
import io.themisdb.engine.InvalidDocumentException;
import io.themisdb.engine.ScanPage;
import io.themisdb.engine.WriteOptions;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.ApiCaller;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Documents of a collection. Every response that names a document carries its {@code _rev} as the
 * {@code ETag}; writes take {@code If-Match} for optimistic concurrency (412 on a mismatch). A
 * {@code Themis-Transaction} header runs the operation inside that open transaction.
 */
@RestController
@RequestMapping("/v1/collections/{collection}/documents")
@Tag(name = "Documents", description = "JSON documents, addressed by _key")
class DocumentController {

  static final String MERGE_PATCH = "application/merge-patch+json";
  private static final int MAX_PAGE = 1000;
  private static final String DOC_EXAMPLE =
      "{\"_key\":\"o-1\",\"customer\":\"ada\",\"total\":42.5}";

  private final DocumentAccess access;

  DocumentController(DocumentAccess access) {
    this.access = access;
  }

  @Schema(description = "Key and new revision of a written document")
  record Written(
      @Schema(example = "o-1") String _key, @Schema(example = "_kX3a1b2c3") String _rev) {
    static Written of(DocumentMeta meta) {
      return new Written(meta.key(), meta.revision());
    }
  }

  @Schema(description = "A page of documents in key order")
  record Page(
      @ArraySchema(schema = @Schema(type = "object", description = "A document"))
          List<Object> documents,
      @Schema(description = "Pass as ?cursor= for the next page; null at the end") String cursor) {}

  @PostMapping
  @PreAuthorize("hasAuthority('SCOPE_data:write')")
  @Operation(
      summary = "Insert a document; _key is generated when absent",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      mediaType = "application/json",
                      schema = @Schema(type = "object"),
                      examples = @ExampleObject(value = DOC_EXAMPLE))),
      responses = {
        @ApiResponse(responseCode = "201", description = "Inserted; ETag is the new _rev"),
        @ApiResponse(responseCode = "400", description = "invalid-document or malformed JSON"),
        @ApiResponse(responseCode = "404", description = "collection-not-found"),
        @ApiResponse(responseCode = "409", description = "duplicate-key, unique-violation"),
        @ApiResponse(responseCode = "413", description = "document-too-large")
      })
  ResponseEntity<Written> insert(
      ApiCaller caller,
      @PathVariable String collection,
      @Parameter(description = "Open transaction to run in")
          @RequestHeader(name = DocumentAccess.HEADER, required = false)
          String transaction,
      @RequestBody JsonNode body) {
    DocumentMeta meta =
        access.run(
            caller,
            transaction,
            db -> {
              db.collection(collection); // an unknown collection is 404 before a bad body
              return db.insert(collection, object(body));
            },
            tx -> tx.insert(collection, object(body)));
    return written(HttpStatus.CREATED, collection, meta);
  }

  @GetMapping
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @Operation(summary = "Scan the collection in key order, a page at a time")
  Page scan(
      ApiCaller caller,
      @PathVariable String collection,
      @RequestHeader(name = DocumentAccess.HEADER, required = false) String transaction,
      @Parameter(description = "From a previous page") @RequestParam(required = false)
          String cursor,
      @RequestParam(defaultValue = "100") int limit) {
    String after = cursor == null || cursor.isBlank() ? null : decodeCursor(cursor);
    int pageSize = Math.clamp(limit, 1, MAX_PAGE);
    ScanPage page =
        access.run(
            caller,
            transaction,
            db -> db.scan(collection, after, pageSize),
            tx -> tx.scan(collection, after, pageSize));
    String next =
        page.resumeAfter() == null
            ? null
            : Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(page.resumeAfter().getBytes(StandardCharsets.UTF_8));
    return new Page(List.copyOf(page.documents()), next);
  }

  @GetMapping("/{key}")
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @Operation(
      summary = "Read a document",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The document; ETag is its _rev",
            content =
                @Content(
                    mediaType = "application/json",
                    schema = @Schema(type = "object"),
                    examples = @ExampleObject(value = DOC_EXAMPLE))),
        @ApiResponse(responseCode = "304", description = "If-None-Match named the current _rev"),
        @ApiResponse(responseCode = "404", description = "collection-not-found, document-not-found")
      })
  ResponseEntity<Object> get(
      ApiCaller caller,
      @PathVariable String collection,
      @PathVariable String key,
      @RequestHeader(name = DocumentAccess.HEADER, required = false) String transaction,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    Optional<ObjectNode> found =
        access.run(
            caller, transaction, db -> db.get(collection, key), tx -> tx.get(collection, key));
    ObjectNode doc =
        found.orElseThrow(
            () ->
                new DocumentNotFoundException(
                    "document '" + collection + "/" + key + "' not found"));
    String revision = doc.get("_rev").asString();
    if (Revisions.noneMatchHits(ifNoneMatch, revision)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(Revisions.etag(revision)).build();
    }
    return ResponseEntity.ok().eTag(Revisions.etag(revision)).body(doc);
  }

  @PutMapping("/{key}")
  @PreAuthorize("hasAuthority('SCOPE_data:write')")
  @Operation(
      summary = "Replace a document",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      mediaType = "application/json",
                      schema = @Schema(type = "object"),
                      examples = @ExampleObject(value = "{\"customer\":\"ada\",\"total\":50}"))),
      responses = {
        @ApiResponse(responseCode = "200", description = "Replaced; ETag is the new _rev"),
        @ApiResponse(responseCode = "412", description = "revision-mismatch: If-Match is stale")
      })
  ResponseEntity<Written> replace(
      ApiCaller caller,
      @PathVariable String collection,
      @PathVariable String key,
      @RequestHeader(name = DocumentAccess.HEADER, required = false) String transaction,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody JsonNode body) {
    String expected = Revisions.ifMatch(ifMatch);
    DocumentMeta meta =
        access.run(
            caller,
            transaction,
            db -> db.replace(collection, key, object(body), WriteOptions.ifRevision(expected)),
            tx -> tx.replace(collection, key, object(body), expected));
    return written(HttpStatus.OK, collection, meta);
  }

  @PatchMapping(
      path = "/{key}",
      consumes = {MERGE_PATCH, "application/json"})
  @PreAuthorize("hasAuthority('SCOPE_data:write')")
  @Operation(
      summary = "Update a document with a JSON merge patch (RFC 7386)",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      mediaType = MERGE_PATCH,
                      schema = @Schema(type = "object"),
                      examples = @ExampleObject(value = "{\"total\":50,\"note\":null}"))),
      responses = {
        @ApiResponse(responseCode = "200", description = "Updated; ETag is the new _rev"),
        @ApiResponse(responseCode = "412", description = "revision-mismatch: If-Match is stale")
      })
  ResponseEntity<Written> update(
      ApiCaller caller,
      @PathVariable String collection,
      @PathVariable String key,
      @RequestHeader(name = DocumentAccess.HEADER, required = false) String transaction,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody JsonNode patch) {
    String expected = Revisions.ifMatch(ifMatch);
    DocumentMeta meta =
        access.run(
            caller,
            transaction,
            db -> db.update(collection, key, object(patch), WriteOptions.ifRevision(expected)),
            tx -> tx.update(collection, key, object(patch), expected));
    return written(HttpStatus.OK, collection, meta);
  }

  @DeleteMapping("/{key}")
  @PreAuthorize("hasAuthority('SCOPE_data:write')")
  @Operation(
      summary = "Remove a document",
      responses = {
        @ApiResponse(responseCode = "204", description = "Removed"),
        @ApiResponse(responseCode = "412", description = "revision-mismatch: If-Match is stale")
      })
  ResponseEntity<Void> remove(
      ApiCaller caller,
      @PathVariable String collection,
      @PathVariable String key,
      @RequestHeader(name = DocumentAccess.HEADER, required = false) String transaction,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    String expected = Revisions.ifMatch(ifMatch);
    access.run(
        caller,
        transaction,
        db -> db.remove(collection, key, WriteOptions.ifRevision(expected)),
        tx -> tx.remove(collection, key, expected));
    return ResponseEntity.noContent().build();
  }

  private static ResponseEntity<Written> written(
      HttpStatus status, String collection, DocumentMeta meta) {
    return ResponseEntity.status(status)
        .eTag(Revisions.etag(meta.revision()))
        .location(URI.create("/v1/collections/" + collection + "/documents/" + meta.key()))
        .body(Written.of(meta));
  }

  /** The body as a document; anything but a JSON object is an invalid document. */
  static ObjectNode object(JsonNode body) {
    if (body instanceof ObjectNode o) {
      return o;
    }
    throw new InvalidDocumentException("a document must be a JSON object");
  }

  private static String decodeCursor(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The cursor is not valid.");
    }
  }
}
