package io.themisdb.platform.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every kind of error the platform answers, each with a stable {@code type} URI documented in
 * docs/errors.md. Clients switch on the URI, never on the title or detail text.
 */
public enum ProblemType {
  MALFORMED_REQUEST("malformed-request", "Malformed request", HttpStatus.BAD_REQUEST),
  VALIDATION_FAILED("validation-failed", "Validation failed", HttpStatus.BAD_REQUEST),
  TOKEN_INVALID("token-invalid", "Invalid or used token", HttpStatus.BAD_REQUEST),
  TOKEN_EXPIRED("token-expired", "Token expired", HttpStatus.GONE),
  UNAUTHENTICATED("unauthenticated", "Authentication required", HttpStatus.UNAUTHORIZED),
  FORBIDDEN("forbidden", "Forbidden", HttpStatus.FORBIDDEN),
  NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),
  NOT_ACCEPTABLE("not-acceptable", "Not acceptable", HttpStatus.NOT_ACCEPTABLE),
  CONFLICT("conflict", "Conflict", HttpStatus.CONFLICT),
  EMAIL_TAKEN("email-taken", "Email already registered", HttpStatus.CONFLICT),
  PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", HttpStatus.CONTENT_TOO_LARGE),
  UNSUPPORTED_MEDIA_TYPE(
      "unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
  QUOTA_EXCEEDED("quota-exceeded", "Quota exceeded", HttpStatus.TOO_MANY_REQUESTS),
  PLAN_CAP_EXCEEDED("plan-cap-exceeded", "Plan cap exceeded", HttpStatus.FORBIDDEN),
  WEBHOOK_SIGNATURE_INVALID(
      "webhook-signature-invalid", "Invalid webhook signature", HttpStatus.BAD_REQUEST),
  SPEND_CAP_REACHED("spend-cap-reached", "Spend cap reached", HttpStatus.FORBIDDEN),
  TENANT_SUSPENDED("tenant-suspended", "Tenant suspended", HttpStatus.FORBIDDEN),
  COLLECTION_NOT_FOUND("collection-not-found", "Collection not found", HttpStatus.NOT_FOUND),
  DOCUMENT_NOT_FOUND("document-not-found", "Document not found", HttpStatus.NOT_FOUND),
  INDEX_NOT_FOUND("index-not-found", "Index not found", HttpStatus.NOT_FOUND),
  TRANSACTION_NOT_FOUND("transaction-not-found", "Transaction not found", HttpStatus.NOT_FOUND),
  CURSOR_NOT_FOUND("cursor-not-found", "Cursor not found", HttpStatus.NOT_FOUND),
  NAME_IN_USE("name-in-use", "Name in use", HttpStatus.CONFLICT),
  DUPLICATE_KEY("duplicate-key", "Duplicate document key", HttpStatus.CONFLICT),
  UNIQUE_VIOLATION("unique-violation", "Unique constraint violated", HttpStatus.CONFLICT),
  WRITE_CONFLICT("write-conflict", "Write conflict", HttpStatus.CONFLICT),
  TRANSACTION_EXPIRED("transaction-expired", "Transaction expired", HttpStatus.CONFLICT),
  TRANSACTIONS_OPEN("transactions-open", "Transactions open", HttpStatus.CONFLICT),
  REVISION_MISMATCH("revision-mismatch", "Revision mismatch", HttpStatus.PRECONDITION_FAILED),
  DOCUMENT_TOO_LARGE("document-too-large", "Document too large", HttpStatus.CONTENT_TOO_LARGE),
  INVALID_DOCUMENT("invalid-document", "Invalid document", HttpStatus.BAD_REQUEST),
  AQL_SYNTAX("aql-syntax", "AQL syntax error", HttpStatus.BAD_REQUEST),
  BIND_PARAMETER("bind-parameter", "Bind parameter error", HttpStatus.BAD_REQUEST),
  AQL_SEMANTIC("aql-semantic", "AQL query not runnable", HttpStatus.UNPROCESSABLE_CONTENT),
  QUERY_FAILED("query-failed", "Query failed", HttpStatus.UNPROCESSABLE_CONTENT),
  GRAPH_TOO_LARGE("graph-too-large", "Graph too large", HttpStatus.UNPROCESSABLE_CONTENT),
  IMPORT_REJECTED("import-rejected", "Import rejected", HttpStatus.UNPROCESSABLE_CONTENT),
  ENCRYPTED_VALUE_REJECTED(
      "encrypted-value-rejected", "Encrypted value rejected", HttpStatus.UNPROCESSABLE_CONTENT),
  KEY_VERSION_UNAVAILABLE(
      "key-version-unavailable", "Key version unavailable", HttpStatus.CONFLICT),
  KEYS_SHREDDED("keys-shredded", "Encryption keys shredded", HttpStatus.GONE),
  KEYS_UNAVAILABLE("keys-unavailable", "Encryption keys unavailable", HttpStatus.CONFLICT),
  DATABASE_UNAVAILABLE(
      "database-unavailable", "Database unavailable", HttpStatus.SERVICE_UNAVAILABLE),
  GPU_SERVICE_UNAVAILABLE(
      "gpu-service-unavailable", "GPU service unavailable", HttpStatus.SERVICE_UNAVAILABLE),
  INTERNAL_ERROR("internal-error", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR);

  /** Where the types are documented; the fragment names the type. */
  public static final String BASE = "https://themisdb.io/problems/";

  private final String slug;
  private final String title;
  private final HttpStatus status;

  ProblemType(String slug, String title, HttpStatus status) {
    this.slug = slug;
    this.title = title;
    this.status = status;
  }

  public URI uri() {
    return URI.create(BASE + slug);
  }

  public String title() {
    return title;
  }

  public HttpStatus status() {
    return status;
  }

  /** The generic type for a status that no specific problem explains. */
  public static ProblemType forStatus(int status) {
    return switch (status) {
      case 400 -> MALFORMED_REQUEST;
      case 401 -> UNAUTHENTICATED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 409 -> CONFLICT;
      case 412 -> REVISION_MISMATCH;
      case 410 -> TOKEN_EXPIRED;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 429 -> QUOTA_EXCEEDED;
      default -> status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
    };
  }
}
