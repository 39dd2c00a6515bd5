package io.themisdb.engine;

/**
 * A failure the engine reports to its caller. Each subclass is one precise cause, so that
 * platform-api can map it to one stable problem type; {@link #retryable()} says whether running the
 * same work again may succeed.
 */
public abstract sealed class EngineException extends RuntimeException
    permits ConflictException,
        TransactionTimeoutException,
        UnknownCollectionException,
        UnknownIndexException,
        UnknownDatabaseException,
        NameInUseException,
        DocumentNotFoundException,
        DuplicateKeyException,
        RevisionMismatchException,
        DocumentTooLargeException,
        InvalidDocumentException,
        UniqueConstraintViolationException,
        StorageException,
        QueryException,
        EncryptedValueException {

  EngineException(String message) {
    super(message);
  }

  EngineException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the same work, run again in a new transaction, may succeed. */
  public boolean retryable() {
    return false;
  }
}
