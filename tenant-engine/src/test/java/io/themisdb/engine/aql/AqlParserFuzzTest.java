package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.themisdb.engine.EngineException;
import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.aql.ast.Query;
import io.themisdb.engine.aql.ast.QueryParser;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.catalog.CollectionType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any text either parses or fails with an {@link AqlSyntaxException} ({@code parse}), and run as a
 * query it returns rows or fails with an {@link EngineException} ({@code run}): never another
 * exception, never a hang.
 *
 * <p>Without {@code JAZZER_FUZZ} (as in {@code ./mvnw verify}) Jazzer runs the seed inputs in
 * {@code src/test/resources/io/themisdb/engine/aql/AqlParserFuzzTestInputs/<method>/} as one test
 * each. To fuzz: {@code JAZZER_FUZZ=1 ./mvnw -B -ntp -o test -pl tenant-engine
 * -Dtest=AqlParserFuzzTest}; findings land as {@code crash-*} files and the corpus grows in {@code
 * .cifuzz-corpus/}, both ignored by git; copy a finding into the inputs folder to keep it.
 */
class AqlParserFuzzTest {

  // Generous: the seeds parse in well under a millisecond; only a runaway loop gets near it.
  private static final Duration LIMIT = Duration.ofSeconds(10);

  @FuzzTest(maxDuration = "2m")
  void parse(byte[] input) {
    // Bytes rather than String, so that seed files are plain text (Jazzer encodes String seeds).
    String text = new String(input, StandardCharsets.UTF_8);
    assertTimeoutPreemptively(LIMIT, () -> parsesOrFailsAsSyntax(text), () -> "hang on: " + text);
  }

  @TempDir static Path root;
  private static EngineHost host;
  private static TenantDatabase db;

  @AfterAll
  static void stopEngine() {
    if (host != null) {
      host.close();
    }
  }

  /**
   * Any text run as a query on a small collection returns rows or fails with an {@link
   * EngineException}; the seeds are in {@code AqlParserFuzzTestInputs/run/}.
   */
  @FuzzTest(maxDuration = "2m")
  void run(byte[] input) {
    if (host == null) {
      host =
          EngineHost.start(
              EngineSettings.defaults(root)
                  .withMemoryBudget(32L << 20)
                  .withIdleTimeout(Duration.ZERO)
                  .withLockTimeout(Duration.ofMillis(200)));
      db = host.create("fuzz");
      db.createCollection("c", CollectionType.DOCUMENT);
      db.insert("c", (ObjectNode) Values.JSON.readTree("{\"a\":1,\"s\":\"x\",\"l\":[1,2]}"));
    }
    String text = new String(input, StandardCharsets.UTF_8);
    // Limits of its own keep a runaway range or product from looking like a hang.
    QueryOptions options =
        QueryOptions.DEFAULT
            .withTimeout(Duration.ofSeconds(2))
            .withMaxResults(1000)
            .withMaxMemoryBytes(16L << 20);
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          try (QueryCursor c = db.query(text, Map.of(), options)) {
            c.all();
          } catch (EngineException expected) {
            // a precise engine error is an answer
          }
        },
        () -> "hang on: " + text);
  }

  private static void parsesOrFailsAsSyntax(String text) {
    Query query;
    try {
      query = QueryParser.parse(text);
    } catch (AqlSyntaxException e) {
      assertThat(e.line()).as("line of %s", e.getMessage()).isPositive();
      assertThat(e.column()).as("column of %s", e.getMessage()).isPositive();
      return;
    }
    assertThat(query).isNotNull();
  }
}
