package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.themisdb.engine.aql.ast.Query;
import io.themisdb.engine.aql.ast.QueryParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Any text either parses or fails with an {@link AqlSyntaxException}: never another exception,
 * never a hang.
 *
 * <p>Without {@code JAZZER_FUZZ} (as in {@code ./mvnw verify}) Jazzer runs the seed inputs in
 * {@code src/test/resources/io/themisdb/engine/aql/AqlParserFuzzTestInputs/parse/} as one test
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
