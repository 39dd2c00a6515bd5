package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.index.IndexSpec;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * FILTERs written after a join run right after the loop whose variables they read. A {@code LET pin
 * = RAND()} right before the FILTERs pins them (a volatile LET is never passed), which gives the
 * same query unrewritten to compare with.
 */
class AqlFilterPushdownTest extends AqlFixture {
  private static final String JOIN = "FOR a IN lefts FOR b IN rights ";

  @BeforeEach
  void data() {
    collection("lefts");
    collection("rights");
    db.createIndex("lefts", IndexSpec.of("byX", "x"), null);
    Random random = new Random(7);
    for (int i = 0; i < 80; i++) {
      db.insert(
          "lefts",
          doc("l" + i, "\"x\":" + value(random) + ",\"y\":" + value(random) + ",\"z\":" + i));
      if (i < 50) {
        db.insert(
            "rights",
            doc("r" + i, "\"y\":" + value(random) + ",\"w\":" + value(random) + ",\"z\":" + i));
      }
    }
  }

  private static String value(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> "null";
      case 1 -> "\"1\"";
      case 2 -> "1.0";
      default -> Integer.toString(random.nextInt(5));
    };
  }

  private static ObjectNode doc(String key, String fields) {
    return (ObjectNode) Values.JSON.readTree("{\"_key\":\"" + key + "\"," + fields + "}");
  }

  @Test
  void outerConditionRunsRightAfterTheOuterLoopAndUsesItsIndex() {
    String plan =
        plan(JOIN + "FILTER a.x == 1 FILTER b.y == a.y RETURN [a._key, b._key]", Map.of());
    assertThat(plan)
        .isEqualTo(
            """
            Return [a._key, b._key]
              Filter (b.y == a.y)
                ScanHashed b IN rights (hash join on y) WHERE (b.y == a.y)
                  Filter (a.x == 1)
                    ScanIndex a IN lefts USING byX [x] WHERE (a.x == 1) ASC, reads only [_key, x, y]
                      Singleton
            """);
  }

  @Test
  void andIsSplitAndEachPartMovesOnItsOwn() {
    String plan =
        plan(JOIN + "FILTER b.w > a.z AND a.x == 2 AND @k == 3 RETURN b._key", Map.of("k", 3));
    assertThat(plan)
        .isEqualTo(
            """
            Return b._key
              Filter (b.w > a.z)
                ScanCollection b IN rights (full scan, early filter (b.w > a.z), reads only [_key, w])
                  Filter (a.x == 2)
                    ScanIndex a IN lefts USING byX [x] WHERE (a.x == 2) ASC, reads only [x, z]
                      Filter (@k == 3)
                        Singleton
            """);
  }

  @Test
  void conditionOnALetMovesOnlyBehindThatLet() {
    String plan =
        db.explain(
            "FOR a IN lefts LET s = a.z * 2 FOR b IN rights FILTER s > 10 RETURN [s, b._key]",
            Map.of());
    assertThat(plan)
        .containsSubsequence(
            "ScanCollection b IN rights", "Filter (s > 10)", "Let s = (a.z * 2)", "lefts");
  }

  @Test
  void filtersStayBehindSortLimitCollectAndVolatileParts() {
    assertThat(db.explain(JOIN + "SORT a.z LIMIT 5 FILTER a.x == 1 RETURN b._key", Map.of()))
        .containsSubsequence("Filter (a.x == 1)", "Limit 5", "Sort a.z");
    assertThat(
            db.explain(
                "FOR a IN lefts COLLECT y = a.y FOR b IN rights FILTER y == 1 RETURN b._key",
                Map.of()))
        .containsSubsequence("ScanCollection b", "Filter (y == 1)", "Collect");
    assertThat(db.explain(JOIN + "FILTER a.z > RAND() * 100 RETURN b._key", Map.of()))
        .containsSubsequence(
            "Filter (a.z > (RAND() * 100))", "ScanCollection b", "ScanCollection a");
    assertThat(plan(JOIN + "FILTER a.y IN (FOR r IN rights RETURN r.w) RETURN b._key", Map.of()))
        .containsSubsequence("Filter (a.y IN (subquery", "ScanCollection b", "ScanCollection a");
  }

  @Test
  void profileShowsFewerInnerRows() {
    String moved = JOIN + "FILTER a.z < 10 RETURN [a._key, b._key]";
    String pinned = JOIN + "LET pin = RAND() FILTER a.z < 10 RETURN [a._key, b._key]";
    assertThat(json(moved)).isEqualTo(json(pinned)).isNotEqualTo("[]");
    // The inner loop runs for the 10 outer rows that pass instead of for all 80.
    assertThat(innerRows(moved)).isEqualTo(10 * 50);
    assertThat(innerRows(pinned)).isEqualTo(80 * 50);
  }

  /** EXPLAIN without the estimates, which {@code AqlEstimatesTest} checks. */
  private String plan(String aql, Map<String, ?> bind) {
    return db.explain(aql, bind).replaceAll(" \\[estimated rows [^\\]]*]", "");
  }

  private long innerRows(String aql) {
    try (QueryCursor c = db.query(aql, Map.of(), QueryOptions.DEFAULT.withProfile())) {
      c.all();
      Matcher m =
          Pattern.compile("ScanCollection b IN rights.*\\[rows (\\d+),").matcher(c.profile());
      assertThat(m.find()).as(c.profile()).isTrue();
      return Long.parseLong(m.group(1));
    }
  }

  @Test
  void randomJoinsReturnWhatTheUnmovedQueriesReturn() {
    Random random = new Random(11);
    List<String> conditions =
        List.of(
            "a.x == 1",
            "a.x == b.y",
            "a.y != null",
            "a.z < 40",
            "a.x IN [0, 2, \"1\"]",
            "b.w >= a.x",
            "b.y == 1",
            "s > 20",
            "s == b.z",
            "@p < a.z",
            "a.x == @q",
            "LENGTH([a.y, b.y]) == 2",
            "a.y > 1 OR b.w < 2",
            "NOT (a.x == 3)",
            "a.z % 3 == 0");
    for (int q = 0; q < 200; q++) {
      StringBuilder filters = new StringBuilder();
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        String c = conditions.get(random.nextInt(conditions.size()));
        if (random.nextBoolean()) {
          c = c + " AND " + conditions.get(random.nextInt(conditions.size()));
        }
        filters.append("FILTER ").append(c).append(' ');
      }
      String head = "FOR a IN lefts LET s = a.z * 2 FOR b IN rights ";
      String tail = filters + "RETURN [a._key, b._key, s]";
      Map<String, Object> bind = new java.util.HashMap<>();
      if (tail.contains("@p")) {
        bind.put("p", random.nextInt(80));
      }
      if (tail.contains("@q")) {
        bind.put("q", random.nextInt(5));
      }
      String moved = head + tail;
      String pinned = head + "LET pin = RAND() " + tail;
      assertThat(json(moved, bind)).as(moved).isEqualTo(json(pinned, bind));
    }
  }
}
