package io.themisdb.platform.problem;

import io.themisdb.engine.ConflictException;
import io.themisdb.engine.DocumentNotFoundException;
import io.themisdb.engine.DocumentTooLargeException;
import io.themisdb.engine.DuplicateKeyException;
import io.themisdb.engine.EncryptedValueException;
import io.themisdb.engine.EngineException;
import io.themisdb.engine.InvalidDocumentException;
import io.themisdb.engine.NameInUseException;
import io.themisdb.engine.QueryException;
import io.themisdb.engine.RevisionMismatchException;
import io.themisdb.engine.StorageException;
import io.themisdb.engine.TransactionTimeoutException;
import io.themisdb.engine.UniqueConstraintViolationException;
import io.themisdb.engine.UnknownCollectionException;
import io.themisdb.engine.UnknownDatabaseException;
import io.themisdb.engine.UnknownIndexException;
import io.themisdb.engine.aql.AqlBindParameterException;
import io.themisdb.engine.aql.AqlExecutionException;
import io.themisdb.engine.aql.AqlSemanticException;
import io.themisdb.engine.aql.AqlSyntaxException;
import java.util.HashMap;
import java.util.Map;

/**
 * One problem type per engine exception. The engine's messages name only the caller's own
 * collections, keys and revisions, so they are safe to show as the detail; storage failures are
 * not, and answer a plain 500.
 */
public final class EngineProblems {

  private EngineProblems() {}

  /** The problem for {@code e}; every engine problem says whether retrying may help. */
  public static ProblemException of(EngineException e) {
    ProblemType type =
        switch (e) {
          case UnknownCollectionException x -> ProblemType.COLLECTION_NOT_FOUND;
          case DocumentNotFoundException x -> ProblemType.DOCUMENT_NOT_FOUND;
          case UnknownIndexException x -> ProblemType.INDEX_NOT_FOUND;
          case UnknownDatabaseException x -> ProblemType.NOT_FOUND;
          case NameInUseException x -> ProblemType.NAME_IN_USE;
          case DuplicateKeyException x -> ProblemType.DUPLICATE_KEY;
          case UniqueConstraintViolationException x -> ProblemType.UNIQUE_VIOLATION;
          case ConflictException x -> ProblemType.WRITE_CONFLICT;
          case TransactionTimeoutException x -> ProblemType.TRANSACTION_EXPIRED;
          case RevisionMismatchException x -> ProblemType.REVISION_MISMATCH;
          case DocumentTooLargeException x -> ProblemType.DOCUMENT_TOO_LARGE;
          case InvalidDocumentException x -> ProblemType.INVALID_DOCUMENT;
          case StorageException x -> ProblemType.INTERNAL_ERROR;
          case EncryptedValueException x ->
              switch (x.reason()) {
                case TAMPERED -> ProblemType.ENCRYPTED_VALUE_REJECTED;
                case KEY_VERSION_UNAVAILABLE -> ProblemType.KEY_VERSION_UNAVAILABLE;
                case KEYS_SHREDDED -> ProblemType.KEYS_SHREDDED;
                case KEYS_UNAVAILABLE -> ProblemType.KEYS_UNAVAILABLE;
              };
          case AqlSyntaxException x -> ProblemType.AQL_SYNTAX;
          case AqlBindParameterException x -> ProblemType.BIND_PARAMETER;
          case AqlSemanticException x -> ProblemType.AQL_SEMANTIC;
          case AqlExecutionException x -> ProblemType.QUERY_FAILED;
          // QueryException is open to the engine's AQL package; a cause it adds later is still
          // the query's fault, not ours.
          case QueryException x -> ProblemType.QUERY_FAILED;
        };
    String detail =
        type == ProblemType.INTERNAL_ERROR
            ? "The request failed on the server; it has been logged."
            : e.getMessage();
    Map<String, Object> properties = new HashMap<>();
    properties.put("retryable", e.retryable());
    switch (e) {
      case AqlSyntaxException x -> {
        properties.put("line", x.line());
        properties.put("column", x.column());
      }
      case AqlSemanticException x -> properties.put("kind", x.kind().name());
      case EncryptedValueException x -> properties.put("reason", x.reason().name());
      default -> {}
    }
    return new ProblemException(type, detail, properties);
  }
}
