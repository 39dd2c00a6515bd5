package io.themisdb.platform.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.themisdb.engine.aql.QueryOptions;
import io.themisdb.engine.aql.ast.QueryParser;
import io.themisdb.platform.auth.ApiScope;
import io.themisdb.platform.databases.TenantDatabases;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.ApiCaller;
import io.themisdb.platform.tenancy.ChecksSuspension;
import io.themisdb.platform.tenancy.TenantStatus;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * AQL over HTTP. A query answers its first batch; when results remain, the answer names a cursor
 * whose next batches come from {@code POST /v1/query/{cursor}}. Reading needs {@code data:read}; a
 * query with INSERT, UPDATE, REPLACE, REMOVE or UPSERT anywhere needs {@code data:write} and an
 * active tenant. A {@code Themis-Transaction} header runs the query in that open transaction.
 */
@RestController
@RequestMapping("/v1/query")
@Tag(name = "Query", description = "AQL queries and cursors over their results")
class QueryController {

  static final String TRANSACTION_HEADER = "Themis-Transaction";
  private static final String ANSWER_EXAMPLE =
      "{\"result\":[{\"_key\":\"o-1\",\"total\":42.5},{\"_key\":\"o-7\",\"total\":40}],"
          + "\"hasMore\":true,\"cursor\":\"Zq1x9cF0bT2mW4rK7yH3sA8d\","
          + "\"extra\":{\"writesExecuted\":0,\"documentsScanned\":2}}";

  private final OpenCursors cursors;
  private final TenantDatabases databases;
  private final QuerySettings settings;
  private final Validator validator;

  QueryController(
      OpenCursors cursors, TenantDatabases databases, QuerySettings settings, Validator validator) {
    this.cursors = cursors;
    this.databases = databases;
    this.settings = settings;
    this.validator = validator;
  }

  @Schema(description = "What the query did so far")
  record Extra(
      @Schema(example = "0") long writesExecuted,
      @Schema(example = "2") long documentsScanned,
      @Schema(description = "The plan with rows and milliseconds per node, with options.profile")
          @JsonInclude(JsonInclude.Include.NON_NULL)
          String profile) {}

  @Schema(description = "A batch of query results")
  record QueryAnswer(
      @ArraySchema(schema = @Schema(description = "Any JSON value the query returns"))
          List<Object> result,
      @Schema(description = "Whether the cursor has more results") boolean hasMore,
      @Schema(description = "For POST /v1/query/{cursor}; null once every result was answered")
          String cursor,
      Extra extra) {
    static QueryAnswer of(OpenCursors.Batch b) {
      return new QueryAnswer(
          List.copyOf(b.result()),
          b.hasMore(),
          b.cursor(),
          new Extra(b.writesExecuted(), b.documentsScanned(), b.profile()));
    }
  }

  @Schema(description = "The plan of a query that was not run")
  record Explained(
      @Schema(
              description = "One plan node per line, the result first",
              example = "RETURN o\n  LIMIT 0, 10\n    INDEX SCAN orders.by_total DESC\n")
          String plan) {}

  @Schema(description = "An open cursor")
  record CursorView(
      @Schema(example = "Zq1x9cF0bT2mW4rK7yH3sA8d") String id,
      @Schema(description = "Results answered so far", example = "2") long returned,
      @Schema(example = "30") long idleTimeoutSeconds) {}

  @PostMapping
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @ChecksSuspension
  @Operation(
      summary = "Run an AQL query and answer its first batch, or explain it",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      mediaType = "application/json",
                      schema = @Schema(implementation = QueryRequest.class),
                      examples =
                          @ExampleObject(
                              value =
                                  "{\"query\":\"FOR o IN orders FILTER o.total >= @min"
                                      + " SORT o.total DESC LIMIT 10 RETURN o\","
                                      + "\"bindVars\":{\"min\":40},\"batchSize\":2,"
                                      + "\"options\":{\"timeoutSeconds\":30}}"))),
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The first batch (QueryAnswer), or with options.explain the plan",
            content =
                @Content(
                    mediaType = "application/json",
                    schema = @Schema(oneOf = {QueryAnswer.class, Explained.class}),
                    examples = @ExampleObject(value = ANSWER_EXAMPLE))),
        @ApiResponse(
            responseCode = "400",
            description =
                "aql-syntax (with line and column), bind-parameter, validation-failed"
                    + " (an unknown or invalid field or option)"),
        @ApiResponse(
            responseCode = "403",
            description = "forbidden: a writing query without data:write; tenant-suspended"),
        @ApiResponse(
            responseCode = "404",
            description = "collection-not-found, transaction-not-found"),
        @ApiResponse(
            responseCode = "409",
            description = "conflict: too many open cursors; write-conflict, unique-violation"),
        @ApiResponse(
            responseCode = "422",
            description = "aql-semantic (kind says why), query-failed (timeout, maxResults)")
      })
  Object run(
      ApiCaller caller,
      @Parameter(description = "Open transaction to run in")
          @RequestHeader(name = TRANSACTION_HEADER, required = false)
          String transaction,
      @RequestBody JsonNode body) {
    QueryRequest request = QueryRequest.read(body, validator);
    // Parsing first: a syntax error is a 400 whatever else the request asks.
    boolean writes = QueryWrites.modifies(QueryParser.parse(request.query()));
    if (request.explain()) {
      return new Explained(
          databases.of(caller.tenant()).explain(request.query(), request.bindVars()));
    }
    if (writes) {
      requireWriteAccess(caller);
    }
    String tx = transaction == null || transaction.isBlank() ? null : transaction.strip();
    return QueryAnswer.of(
        cursors.start(
            caller.tenant(), tx, request.query(), request.bindVars(), options(request), writes));
  }

  @PostMapping("/{cursor}")
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @ChecksSuspension
  @Operation(
      summary = "The next batch of a cursor; the cursor closes after its last one",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The next batch",
            content =
                @Content(
                    mediaType = "application/json",
                    schema = @Schema(implementation = QueryAnswer.class),
                    examples = @ExampleObject(value = ANSWER_EXAMPLE))),
        @ApiResponse(
            responseCode = "404",
            description = "cursor-not-found; transaction-not-found when its transaction ended"),
        @ApiResponse(responseCode = "422", description = "query-failed: timeout or maxResults")
      })
  QueryAnswer next(ApiCaller caller, @PathVariable String cursor) {
    return QueryAnswer.of(cursors.next(caller.tenant().id(), cursor));
  }

  @GetMapping("/{cursor}")
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @Operation(
      summary = "An open cursor, without reading from it",
      responses = @ApiResponse(responseCode = "404", description = "cursor-not-found"))
  CursorView describe(ApiCaller caller, @PathVariable String cursor) {
    OpenCursors.Description d = cursors.describe(caller.tenant().id(), cursor);
    return new CursorView(d.id(), d.returned(), d.idleTimeout().toSeconds());
  }

  @DeleteMapping("/{cursor}")
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @ChecksSuspension
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      summary = "Close a cursor before its end, releasing its snapshot",
      responses = {
        @ApiResponse(responseCode = "204", description = "Closed"),
        @ApiResponse(responseCode = "404", description = "cursor-not-found")
      })
  void close(ApiCaller caller, @PathVariable String cursor) {
    cursors.close(caller.tenant().id(), cursor);
  }

  private QueryOptions options(QueryRequest request) {
    QueryOptions o =
        QueryOptions.DEFAULT.withBatchSize(
            request.batchSize() == null ? settings.defaultBatchSize() : request.batchSize());
    Duration timeout = settings.timeout();
    QueryRequest.Options given = request.options();
    if (given != null && given.timeoutSeconds() != null) {
      timeout = Duration.ofSeconds(given.timeoutSeconds());
    }
    o =
        o.withTimeout(
            timeout.compareTo(settings.maxTimeout()) > 0 ? settings.maxTimeout() : timeout);
    if (given != null && given.maxResults() != null) {
      o = o.withMaxResults(given.maxResults());
    }
    return request.profile() ? o.withProfile() : o;
  }

  /** A writing query needs the data:write scope and a tenant that is not suspended. */
  private static void requireWriteAccess(ApiCaller caller) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    boolean mayWrite =
        auth != null
            && auth.getAuthorities().stream()
                .anyMatch(a -> ApiScope.DATA_WRITE.authority().equals(a.getAuthority()));
    if (!mayWrite) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "The query writes (INSERT, UPDATE, REPLACE, REMOVE or UPSERT), which needs the"
              + " data:write scope.");
    }
    if (caller.tenant().status() == TenantStatus.SUSPENDED) {
      throw new ProblemException(
          ProblemType.TENANT_SUSPENDED,
          "The tenant is suspended: read-only queries work, writing ones are refused until it is"
              + " resumed.");
    }
  }
}
