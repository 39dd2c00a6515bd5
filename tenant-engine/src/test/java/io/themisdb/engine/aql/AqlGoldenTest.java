package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.themisdb.engine.aql.functions.FunctionLibrary;
import io.themisdb.engine.aql.value.Values;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Table-driven cases per function area, read from {@code golden/<area>.aqlg}: a query line, then
 * {@code => <JSON of all results>} (compared in AQL type order, so {@code 1 == 1.0}) or {@code !!
 * <exception simple name>: <message fragment>}, where an {@link AqlSemanticException} names its
 * kind too ({@code AqlSemanticException[UNKNOWN_FUNCTION]}).
 */
class AqlGoldenTest extends AqlFixture {
  private static final List<String> AREAS =
      List.of(
          "types",
          "strings",
          "numbers",
          "arrays",
          "objects",
          "dates",
          "documents",
          "vectors",
          "collect",
          "windows",
          "geo",
          "errors");

  /** One case of a golden file; {@code line} is the query's line number. */
  record Case(String area, int line, String query, String expected) {}

  @TestFactory
  Stream<DynamicTest> everyGoldenCaseGivesItsExpectedResultOrError() throws IOException {
    // @BeforeEach runs once for the whole factory: the cases share this engine and collection.
    collection(
        "people", "{\"_key\":\"p1\",\"name\":\"ann\"}", "{\"_key\":\"p2\",\"name\":\"bob\"}");
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : cases()) {
      tests.add(DynamicTest.dynamicTest(c.area + ":" + c.line + " " + c.query, () -> check(c)));
    }
    return tests.stream();
  }

  @Test
  void everyRegisteredFunctionHasAGoldenCase() throws IOException {
    StringBuilder all = new StringBuilder();
    for (Case c : cases()) {
      all.append(c.query).append('\n');
    }
    TreeSet<String> missing = new TreeSet<>();
    for (String name : FunctionLibrary.names()) {
      if (!Pattern.compile("\\b" + name + "\\(").matcher(all).find()) {
        missing.add(name);
      }
    }
    assertThat(missing).as("functions without a golden case").isEmpty();
  }

  /** The function reference of docs/aql.md and the window and AGGREGATE functions it names. */
  @Test
  void everyFunctionTheDocsListIsRegisteredAndHasAGoldenCase() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "aql.md"));
    String reference = docs.substring(docs.indexOf("## Functions"), docs.indexOf("## Limits"));
    TreeSet<String> listed = new TreeSet<>();
    Matcher m = Pattern.compile("\\b[A-Z][A-Z0-9_]+\\b").matcher(reference);
    while (m.find()) {
      listed.add(m.group());
    }
    listed.removeAll(List.of("UTC", "ISO")); // prose, not functions
    TreeSet<String> registered = new TreeSet<>();
    FunctionLibrary.names().forEach(registered::add);
    assertThat(registered).as("functions docs/aql.md lists").containsAll(listed);

    String windows =
        docs.substring(docs.indexOf("## Window functions"), docs.indexOf("## Indexes"));
    m = Pattern.compile("`([A-Z_]+)\\(").matcher(windows);
    while (m.find()) {
      listed.add(m.group(1));
    }
    m = Pattern.compile("AGGREGATE takes ([A-Z_, ]+)").matcher(docs);
    assertThat(m.find()).as("the AGGREGATE list in docs/aql.md").isTrue();
    listed.addAll(List.of(m.group(1).trim().split("\\s*,\\s*")));
    StringBuilder queries = new StringBuilder();
    for (Case c : cases()) {
      queries.append(c.query).append('\n');
    }
    listed.removeIf(name -> Pattern.compile("\\b" + name + "\\(").matcher(queries).find());
    assertThat(listed).as("documented functions without a golden case").isEmpty();
  }

  private void check(Case c) {
    if (c.expected.startsWith("=> ")) {
      JsonNode expected = Values.JSON.readTree(c.expected.substring(3));
      ArrayNode actual = Values.array().addAll(run(c.query, Map.of()));
      assertThat(Values.compare(actual, expected))
          .as("%s:%d%n%s%nexpected %s%nbut got  %s", c.area, c.line, c.query, expected, actual)
          .isZero();
      return;
    }
    String[] error = c.expected.substring(3).split(": ?", 2);
    try {
      List<JsonNode> rows = run(c.query, Map.of());
      fail("%s:%d%n%s%nexpected %s but got %s", c.area, c.line, c.query, c.expected, rows);
    } catch (RuntimeException e) {
      String type = e.getClass().getSimpleName();
      if (e instanceof AqlSemanticException semantic) {
        type += "[" + semantic.kind() + "]";
      }
      assertThat(type).as("%s%n%s", c.query, e).isEqualTo(error[0]);
      assertThat(e.getMessage()).as(c.query).contains(error.length > 1 ? error[1] : "");
    }
  }

  private static List<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (String area : AREAS) {
      String resource = "golden/" + area + ".aqlg";
      try (InputStream in = AqlGoldenTest.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + resource);
        }
        String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
        String query = null;
        int queryLine = 0;
        for (int i = 0; i < lines.length; i++) {
          String line = lines[i];
          if (line.startsWith("#") || (query == null && line.isEmpty())) {
            continue;
          }
          if (query == null) {
            query = line;
            queryLine = i + 1;
          } else if (line.startsWith("=> ") || line.startsWith("!! ")) {
            cases.add(new Case(area, queryLine, query, line));
            query = null;
          } else {
            throw new IllegalStateException(resource + ":" + (i + 1) + ": expected => or !!");
          }
        }
        if (query != null) {
          throw new IllegalStateException(resource + ":" + queryLine + ": query without result");
        }
      }
    }
    return cases;
  }
}
