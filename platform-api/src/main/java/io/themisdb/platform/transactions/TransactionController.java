package io.themisdb.platform.transactions;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.themisdb.platform.databases.OpenTransactions;
import io.themisdb.platform.databases.OpenTransactions.Description;
import io.themisdb.platform.tenancy.ApiCaller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Explicit transactions across requests: begin answers an id; document operations that carry it in
 * the {@code Themis-Transaction} header run inside; commit or abort ends it. One left unused for
 * {@code idleTimeoutSeconds}, or past {@code expiresAt}, is aborted by the server.
 */
@RestController
@RequestMapping("/v1/transactions")
@Tag(name = "Transactions", description = "Snapshot-isolated transactions across requests")
class TransactionController {

  private final OpenTransactions transactions;

  TransactionController(OpenTransactions transactions) {
    this.transactions = transactions;
  }

  @Schema(description = "Options of a new transaction; the body may be omitted")
  record Begin(
      @Schema(description = "Lifetime in seconds, capped by the server's maximum", example = "30")
          @Min(1)
          @Max(86_400)
          Integer timeoutSeconds) {}

  record TransactionView(
      @Schema(example = "q3Zb0c9yX1f2kL8mN4pR7s") String id,
      Instant expiresAt,
      @Schema(example = "30") long idleTimeoutSeconds) {
    static TransactionView of(Description d) {
      return new TransactionView(d.id(), d.expiresAt(), d.idleTimeout().toSeconds());
    }
  }

  @PostMapping
  @PreAuthorize("hasAuthority('SCOPE_data:write')")
  @Operation(
      summary = "Begin a transaction",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = false,
              content =
                  @Content(
                      schema = @Schema(implementation = Begin.class),
                      examples = @ExampleObject(value = "{\"timeoutSeconds\":30}"))),
      responses = {
        @ApiResponse(
            responseCode = "201",
            description = "Begun; send its id as Themis-Transaction"),
        @ApiResponse(responseCode = "409", description = "conflict: too many open transactions")
      })
  ResponseEntity<TransactionView> begin(
      ApiCaller caller, @Validated @RequestBody(required = false) Begin options) {
    Duration lifetime =
        options == null || options.timeoutSeconds() == null
            ? null
            : Duration.ofSeconds(options.timeoutSeconds());
    Description d = transactions.begin(caller.tenant(), lifetime);
    return ResponseEntity.created(URI.create("/v1/transactions/" + d.id()))
        .body(TransactionView.of(d));
  }

  @GetMapping("/{transaction}")
  @PreAuthorize("hasAuthority('SCOPE_data:read')")
  @Operation(
      summary = "An open transaction",
      responses = @ApiResponse(responseCode = "404", description = "transaction-not-found"))
  TransactionView get(ApiCaller caller, @PathVariable String transaction) {
    return TransactionView.of(transactions.describe(caller.tenant().id(), transaction));
  }

  @PostMapping("/{transaction}/commit")
  @PreAuthorize("hasAuthority('SCOPE_data:write')")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      summary = "Commit: the transaction's writes become visible together",
      responses = {
        @ApiResponse(responseCode = "204", description = "Committed"),
        @ApiResponse(responseCode = "404", description = "transaction-not-found"),
        @ApiResponse(responseCode = "409", description = "write-conflict: aborted, retry it")
      })
  void commit(ApiCaller caller, @PathVariable String transaction) {
    transactions.commit(caller.tenant().id(), transaction);
  }

  @PostMapping("/{transaction}/abort")
  @PreAuthorize("hasAuthority('SCOPE_data:write')")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Abort: every write of the transaction is discarded")
  void abort(ApiCaller caller, @PathVariable String transaction) {
    transactions.abort(caller.tenant().id(), transaction);
  }
}
