package io.themisdb.platform.documents;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.themisdb.engine.ConflictException;
import io.themisdb.engine.DocumentMeta;
import io.themisdb.engine.EngineException;
import io.themisdb.engine.InvalidDocumentException;
import io.themisdb.engine.StorageException;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.Transaction;
import io.themisdb.engine.TransactionTimeoutException;
import io.themisdb.platform.problem.EngineProblems;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.ApiCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Batch import of a JSON array or of NDJSON (one document per line). {@code mode=each} inserts what
 * it can and reports every item; {@code mode=all} inserts all or nothing and answers 422 naming the
 * first item that failed.
 */
@RestController
@Tag(name = "Documents")
class ImportController {

  static final String NDJSON = "application/x-ndjson";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final DocumentAccess access;

  ImportController(DocumentAccess access) {
    this.access = access;
  }

  @Schema(
      description = "The outcome of one item, in input order: its key and revision, or an error")
  record ItemResult(
      int index,
      @Schema(example = "o-1") String _key,
      @Schema(example = "_kX3a1b2c3") String _rev,
      ItemError error) {}

  @Schema(description = "Why an item was not imported, with the problem type it would answer")
  record ItemError(
      @Schema(example = "https://themisdb.io/problems/duplicate-key") String type, String detail) {}

  record ImportResult(int created, int failed, List<ItemResult> results) {}

  @PostMapping(
      path = "/v1/collections/{collection}/import",
      consumes = {"application/json", NDJSON})
  @PreAuthorize("hasAuthority('SCOPE_data:write')")
  @Operation(
      summary = "Import many documents: a JSON array, or NDJSON",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = {
                @Content(
                    mediaType = "application/json",
                    examples =
                        @ExampleObject(value = "[{\"_key\":\"a\"},{\"_key\":\"b\",\"n\":2}]")),
                @Content(
                    mediaType = NDJSON,
                    examples =
                        @ExampleObject(value = "{\"_key\":\"a\"}\n{\"_key\":\"b\",\"n\":2}\n"))
              }),
      responses = {
        @ApiResponse(responseCode = "200", description = "Per-item results"),
        @ApiResponse(
            responseCode = "422",
            description = "import-rejected (mode=all): nothing was imported"),
        @ApiResponse(responseCode = "413", description = "payload-too-large")
      })
  ImportResult importDocuments(
      ApiCaller caller,
      @PathVariable String collection,
      @RequestHeader(name = DocumentAccess.HEADER, required = false) String transaction,
      @Schema(allowableValues = {"each", "all"}) @RequestParam(defaultValue = "each") String mode,
      HttpServletRequest request)
      throws IOException {
    if (!mode.equals("each") && !mode.equals("all")) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "mode must be each or all.");
    }
    boolean allOrNothing = mode.equals("all");
    boolean inTransaction = transaction != null && !transaction.isBlank();
    if (allOrNothing && inTransaction) {
      throw new ProblemException(
          ProblemType.MALFORMED_REQUEST,
          "mode=all cannot be used inside a transaction: abort the transaction instead.");
    }
    // The collection first, so that another tenant's collection is 404 whatever the body.
    access.run(
        caller, transaction, db -> db.collection(collection), tx -> tx.scan(collection, null, 1));
    List<Object> items = parse(request);
    if (allOrNothing) {
      return insertAll(access.database(caller), collection, items);
    }
    return access.run(
        caller,
        transaction,
        db -> {
          try (Transaction tx = db.begin()) {
            ImportResult result = insertEach(tx, collection, items);
            tx.commit();
            return result;
          }
        },
        tx -> insertEach(tx, collection, items));
  }

  /** Each item is a document, or the error that made it unreadable (NDJSON lines only). */
  private static List<Object> parse(HttpServletRequest request) throws IOException {
    byte[] bytes = request.getInputStream().readAllBytes();
    String contentType = request.getContentType();
    List<Object> items = new ArrayList<>();
    if (contentType != null && contentType.startsWith(NDJSON)) {
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
      for (String line : lines) {
        if (line.isBlank()) {
          continue;
        }
        try {
          items.add(JSON.readTree(line));
        } catch (JacksonException e) {
          items.add(new ItemError(ProblemType.MALFORMED_REQUEST.uri().toString(), "not JSON"));
        }
      }
      return items;
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body is not valid JSON.");
    }
    if (root == null || !root.isArray()) {
      throw new ProblemException(
          ProblemType.MALFORMED_REQUEST, "The body must be a JSON array of documents.");
    }
    root.forEach(items::add);
    return items;
  }

  private static ImportResult insertEach(Transaction tx, String collection, List<Object> items) {
    List<ItemResult> results = new ArrayList<>(items.size());
    int created = 0;
    for (int i = 0; i < items.size(); i++) {
      try {
        DocumentMeta meta = tx.insert(collection, document(items.get(i)));
        results.add(new ItemResult(i, meta.key(), meta.revision(), null));
        created++;
      } catch (ConflictException | TransactionTimeoutException | StorageException e) {
        throw e; // the engine aborted the transaction: nothing of it stays
      } catch (EngineException e) {
        results.add(new ItemResult(i, null, null, error(e)));
      } catch (ItemFailure e) {
        results.add(new ItemResult(i, null, null, e.error));
      }
    }
    return new ImportResult(created, items.size() - created, results);
  }

  private static ImportResult insertAll(TenantDatabase db, String collection, List<Object> items) {
    try (Transaction tx = db.begin()) {
      List<ItemResult> results = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        try {
          DocumentMeta meta = tx.insert(collection, document(items.get(i)));
          results.add(new ItemResult(i, meta.key(), meta.revision(), null));
        } catch (ConflictException | TransactionTimeoutException | StorageException e) {
          throw e;
        } catch (EngineException e) {
          throw rejected(i, error(e));
        } catch (ItemFailure e) {
          throw rejected(i, e.error);
        }
      }
      tx.commit();
      return new ImportResult(items.size(), 0, results);
    }
  }

  private static ObjectNode document(Object item) {
    if (item instanceof ItemError error) {
      throw new ItemFailure(error);
    }
    if (item instanceof ObjectNode o) {
      return o;
    }
    throw new InvalidDocumentException("a document must be a JSON object");
  }

  private static ItemError error(EngineException e) {
    ProblemException p = EngineProblems.of(e);
    return new ItemError(p.type().uri().toString(), p.getMessage());
  }

  private static ProblemException rejected(int index, ItemError cause) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("index", index);
    props.put("cause", cause);
    return new ProblemException(
        ProblemType.IMPORT_REJECTED,
        "Item " + index + " cannot be imported; nothing was imported.",
        props);
  }

  /** An item that was not even a readable document. */
  private static final class ItemFailure extends RuntimeException {
    final ItemError error;

    ItemFailure(ItemError error) {
      super(error.detail(), null, false, false);
      this.error = error;
    }
  }
}
