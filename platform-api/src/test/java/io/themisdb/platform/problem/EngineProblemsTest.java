package io.themisdb.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.ConflictException;
import io.themisdb.engine.DocumentNotFoundException;
import io.themisdb.engine.DocumentTooLargeException;
import io.themisdb.engine.DuplicateKeyException;
import io.themisdb.engine.EncryptedValueException;
import io.themisdb.engine.EngineException;
import io.themisdb.engine.InvalidDocumentException;
import io.themisdb.engine.NameInUseException;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EngineProblemsTest {

  static Stream<Arguments> mapping() {
    return Stream.of(
        Arguments.of(new UnknownCollectionException("m"), 404, "collection-not-found", false),
        Arguments.of(new DocumentNotFoundException("m"), 404, "document-not-found", false),
        Arguments.of(new UnknownIndexException("m"), 404, "index-not-found", false),
        Arguments.of(new UnknownDatabaseException("m"), 404, "not-found", false),
        Arguments.of(new NameInUseException("m"), 409, "name-in-use", false),
        Arguments.of(new DuplicateKeyException("m"), 409, "duplicate-key", false),
        Arguments.of(new UniqueConstraintViolationException("m"), 409, "unique-violation", false),
        Arguments.of(new ConflictException("m"), 409, "write-conflict", true),
        Arguments.of(new TransactionTimeoutException("m"), 409, "transaction-expired", true),
        Arguments.of(new RevisionMismatchException("m"), 412, "revision-mismatch", false),
        Arguments.of(new DocumentTooLargeException("m"), 413, "document-too-large", false),
        Arguments.of(new InvalidDocumentException("m"), 400, "invalid-document", false),
        Arguments.of(new StorageException("disk on fire"), 500, "internal-error", false),
        Arguments.of(new AqlSyntaxException("m", 2, 7, "  x\n  ^"), 400, "aql-syntax", false),
        Arguments.of(new AqlBindParameterException("m"), 400, "bind-parameter", false),
        Arguments.of(
            new AqlSemanticException(AqlSemanticException.Kind.UNKNOWN_FUNCTION, "m"),
            422,
            "aql-semantic",
            false),
        Arguments.of(new AqlExecutionException("m"), 422, "query-failed", false),
        Arguments.of(
            new EncryptedValueException(EncryptedValueException.Reason.TAMPERED, "m"),
            422,
            "encrypted-value-rejected",
            false),
        Arguments.of(
            new EncryptedValueException(
                EncryptedValueException.Reason.KEY_VERSION_UNAVAILABLE, "m"),
            409,
            "key-version-unavailable",
            false),
        Arguments.of(
            new EncryptedValueException(EncryptedValueException.Reason.KEYS_SHREDDED, "m"),
            410,
            "keys-shredded",
            false),
        Arguments.of(
            new EncryptedValueException(EncryptedValueException.Reason.KEYS_UNAVAILABLE, "m"),
            409,
            "keys-unavailable",
            false));
  }

  @ParameterizedTest
  @MethodSource("mapping")
  void everyEngineErrorHasOneProblemTypeAndSaysWhetherToRetry(
      EngineException e, int status, String type, boolean retryable) {
    ProblemException problem = EngineProblems.of(e);

    assertThat(problem.type().status().value()).isEqualTo(status);
    assertThat(problem.type().uri().toString()).isEqualTo(ProblemType.BASE + type);
    assertThat(problem.properties()).containsEntry("retryable", retryable);
  }

  @ParameterizedTest
  @MethodSource("mapping")
  void storageFailuresNeverShowTheirMessage(
      EngineException e, int status, String type, boolean retryable) {
    assertThat(EngineProblems.of(e).getMessage()).doesNotContain("disk on fire");
  }

  @Test
  void syntaxErrorsSayWhereAndSemanticErrorsSayWhy() {
    assertThat(EngineProblems.of(new AqlSyntaxException("m", 2, 7, "  x\n  ^")).properties())
        .containsEntry("line", 2)
        .containsEntry("column", 7);
    assertThat(
            EngineProblems.of(
                    new AqlSemanticException(AqlSemanticException.Kind.UNKNOWN_VARIABLE, "m"))
                .properties())
        .containsEntry("kind", "UNKNOWN_VARIABLE");
  }
}
