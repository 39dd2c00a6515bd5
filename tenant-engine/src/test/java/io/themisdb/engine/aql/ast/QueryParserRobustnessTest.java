package io.themisdb.engine.aql.ast;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.aql.AqlSyntaxException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random token soups and mutated valid queries: the parser answers with a query or an {@link
 * AqlSyntaxException}, never another exception. A seeded stand-in until the Jazzer fuzz test that
 * issue #4 asks for exists.
 */
class QueryParserRobustnessTest {
  private static final String[] TOKENS = {
    "FOR",
    "x",
    "IN",
    "c",
    "FILTER",
    "LET",
    "=",
    "SORT",
    "DESC",
    "LIMIT",
    "RETURN",
    "DISTINCT",
    "COLLECT",
    "AGGREGATE",
    "INTO",
    "KEEP",
    "WITH",
    "COUNT",
    "INSERT",
    "UPDATE",
    "REPLACE",
    "REMOVE",
    "UPSERT",
    "OPTIONS",
    "NOT",
    "AND",
    "OR",
    "LIKE",
    "ANY",
    "ALL",
    "NONE",
    "OVER",
    "PARTITION",
    "BY",
    "ORDER",
    "ROWS",
    "BETWEEN",
    "UNBOUNDED",
    "PRECEDING",
    "FOLLOWING",
    "CURRENT",
    "ROW",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ".",
    "..",
    "?",
    "*",
    "+",
    "-",
    "/",
    "%",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "=~",
    "!~",
    "!",
    "&&",
    "||",
    "@p",
    "@@c",
    "1",
    "2.5",
    "1e3",
    "0x1f",
    "\"s\"",
    "'t'",
    "null",
    "true",
    "`q`",
    "SUM",
    "1..3",
    "[*]",
    "[**",
    "#",
    "\"unterminated",
    "/*",
    "*/",
    "//",
    "\\",
    "\u00e4"
  };

  private static final String[] VALID = {
    "FOR u IN users FILTER u.a > 1 SORT u.b DESC LIMIT 2, 3 RETURN DISTINCT u",
    "FOR d IN c COLLECT a = d.a AGGREGATE s = SUM(d.x) INTO g KEEP d WITH COUNT INTO n RETURN g",
    "UPSERT {a: 1} INSERT {a: 1} UPDATE {b: OLD.b + 1} IN c OPTIONS {keepNull: false}",
    "FOR d IN c LET r = RANK() OVER (PARTITION BY d.p ORDER BY d.o ROWS BETWEEN 1 PRECEDING"
        + " AND CURRENT ROW) RETURN [d.a[* FILTER CURRENT > 1 RETURN CURRENT * 2], r]"
  };

  private static void parseOrSyntaxError(String text) {
    try {
      assertThat(QueryParser.parse(text)).isNotNull();
    } catch (AqlSyntaxException expected) {
      assertThat(expected.line()).isPositive();
      assertThat(expected.column()).isPositive();
    }
  }

  @Test
  void randomTokenSequencesParseOrFailWithASyntaxError() {
    Random random = new Random(4);
    for (int i = 0; i < 3000; i++) {
      StringBuilder text = new StringBuilder();
      int n = 1 + random.nextInt(25);
      for (int j = 0; j < n; j++) {
        text.append(TOKENS[random.nextInt(TOKENS.length)]).append(random.nextBoolean() ? " " : "");
      }
      parseOrSyntaxError(text.toString());
    }
  }

  @Test
  void mutatedValidQueriesParseOrFailWithASyntaxError() {
    Random random = new Random(5);
    for (int i = 0; i < 3000; i++) {
      StringBuilder text = new StringBuilder(VALID[random.nextInt(VALID.length)]);
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits && !text.isEmpty(); e++) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(3)) {
          case 0 -> text.deleteCharAt(at);
          case 1 -> text.insert(at, (char) (32 + random.nextInt(95)));
          default -> text.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
        }
      }
      parseOrSyntaxError(text.toString());
    }
  }

  @Test
  void absurdNestingIsASyntaxErrorNotAStackOverflow() {
    String deep = "RETURN " + "(".repeat(100_000) + "1" + ")".repeat(100_000);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueryParser.parse(deep))
        .isInstanceOf(AqlSyntaxException.class)
        .hasMessageContaining("nests too deeply");
  }
}
