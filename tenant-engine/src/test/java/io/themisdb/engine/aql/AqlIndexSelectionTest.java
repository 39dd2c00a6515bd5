package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The planner's index choices: EXPLAIN names the index, and every query returns exactly what the
 * same query returns over an unindexed copy of the data (a full scan).
 */
class AqlIndexSelectionTest extends AqlFixture {

  @BeforeEach
  void data() {
    db.createCollection("indexed", CollectionType.DOCUMENT);
    db.createCollection("plain", CollectionType.DOCUMENT);
    db.createIndex("indexed", IndexSpec.of("byX", "x"), null);
    db.createIndex("indexed", IndexSpec.of("byU", "u").asUnique(), null);
    db.createIndex("indexed", IndexSpec.of("byAB", "a", "b"), null);
    db.createIndex("indexed", IndexSpec.of("byName", "name"), null);
    Random random = new Random(42);
    List<ObjectNode> docs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ObjectNode d = Values.object();
      d.put("_key", "d" + i);
      d.put("u", i);
      switch (random.nextInt(10)) {
        case 0 -> d.putNull("x");
        case 1 -> d.put("x", "s" + random.nextInt(5));
        case 2 -> {} // x missing
        case 3 -> d.put("x", random.nextInt(20) + 0.5);
        default -> d.put("x", random.nextInt(20));
      }
      d.put("a", random.nextInt(4));
      d.put("b", random.nextInt(10));
      d.put("name", List.of("ann", "anna", "bob", "bo", "carl").get(random.nextInt(5)) + i % 3);
      docs.add(d);
    }
    db.insertAll("indexed", docs, io.themisdb.engine.WriteOptions.DEFAULT);
    db.insertAll("plain", docs, io.themisdb.engine.WriteOptions.DEFAULT);
  }

  private String plan(String aql, Map<String, ?> bind) {
    Map<String, Object> all = new java.util.HashMap<>(bind);
    all.put("@c", "indexed");
    return db.explain(aql, all);
  }

  private void sameAsFullScan(String aql, Map<String, ?> bind) {
    Map<String, Object> indexed = new java.util.HashMap<>(bind);
    indexed.put("@c", "indexed");
    Map<String, Object> plain = new java.util.HashMap<>(bind);
    plain.put("@c", "plain");
    assertThat(json(aql, indexed)).as(aql + " " + bind).isEqualTo(json(aql, plain));
  }

  @Test
  void equalityUsesTheIndexAndMatchesTheFullScan() {
    String q = "FOR d IN @@c FILTER d.x == @v SORT d._key RETURN d._key";
    assertThat(plan(q, Map.of("v", 3))).contains("ScanIndex d IN indexed USING byX [x]");
    for (Object v : List.of(3, 3.0, 7.5, "s1", 99)) {
      sameAsFullScan(q, Map.of("v", v));
    }
    sameAsFullScan("FOR d IN @@c FILTER d.x == null SORT d._key RETURN d._key", Map.of());
  }

  @Test
  void uniqueIndexWinsForAFullEqualityMatch() {
    String q = "FOR d IN @@c FILTER d.x == 3 AND d.u == 17 RETURN d._key";
    assertThat(plan(q, Map.of())).contains("USING byU");
    sameAsFullScan(q, Map.of());
  }

  @Test
  void rangesCombineBoundsAndFollowTypeOrder() {
    String q = "FOR d IN @@c FILTER d.x >= @lo AND d.x < @hi AND d.x > 2 SORT d._key RETURN d._key";
    assertThat(plan(q, Map.of("lo", 1, "hi", 9))).contains("USING byX");
    sameAsFullScan(q, Map.of("lo", 1, "hi", 9));
    sameAsFullScan(q, Map.of("lo", 5, "hi", "s3"));
    sameAsFullScan("FOR d IN @@c FILTER d.x < 4 SORT d._key RETURN d._key", Map.of());
    sameAsFullScan("FOR d IN @@c FILTER 10 < d.x SORT d._key RETURN d._key", Map.of());
  }

  @Test
  void inListsReadOneRangePerDistinctValue() {
    String q = "FOR d IN @@c FILTER d.x IN @vs SORT d._key RETURN d._key";
    assertThat(plan(q, Map.of("vs", List.of(1, 2)))).contains("USING byX");
    sameAsFullScan(q, Map.of("vs", List.of(1, 2, 2, "s0")));
    sameAsFullScan("FOR d IN @@c FILTER d.x IN 'notarray' RETURN d._key", Map.of());
  }

  @Test
  void compoundIndexTakesEqualityThenRange() {
    String q = "FOR d IN @@c FILTER d.a == 2 AND d.b > 6 SORT d._key RETURN d._key";
    assertThat(plan(q, Map.of())).contains("USING byAB [a, b] WHERE (d.a == 2) AND (d.b > 6)");
    sameAsFullScan(q, Map.of());
  }

  @Test
  void likePrefixUsesAStringPrefixScan() {
    String q = "FOR d IN @@c FILTER d.name LIKE 'ann%' SORT d._key RETURN d._key";
    assertThat(plan(q, Map.of())).contains("USING byName");
    sameAsFullScan(q, Map.of());
  }

  @Test
  void sortAndLimitOverAnIndexOrderDropTheSortAndReadOnlyWhatIsNeeded() {
    String q = "FOR d IN @@c SORT d.u DESC LIMIT 2, 3 RETURN d.u";
    String plan = plan(q, Map.of());
    assertThat(plan).contains("USING byU [u] DESC LIMIT 5").doesNotContain("Sort");
    assertThat(json(q, Map.of("@c", "indexed"))).isEqualTo("[297,296,295]");
    sameAsFullScan(q, Map.of());
  }

  @Test
  void equalityPrefixAndSortOnTheNextAttributeUsesIndexOrder() {
    String q = "FOR d IN @@c FILTER d.a == 1 SORT d.b RETURN d.b";
    assertThat(plan(q, Map.of())).contains("USING byAB").doesNotContain("Sort");
    sameAsFullScan("FOR d IN @@c FILTER d.a == 1 SORT d.b RETURN d.b", Map.of());
  }

  @Test
  void conditionOnALaterVariableKeepsTheFullScan() {
    String q = "FOR d IN @@c LET y = 3 FILTER d.x == y RETURN d._key";
    assertThat(plan(q, Map.of())).contains("ScanCollection");
    sameAsFullScan(q, Map.of());
  }

  @Test
  void joinUsesTheIndexForTheInnerLoop() {
    String q =
        "FOR o IN [{k: 3}, {k: 's2'}] FOR d IN @@c FILTER d.x == o.k SORT d._key"
            + " RETURN [o.k, d._key]";
    assertThat(plan(q, Map.of())).contains("ScanIndex d IN indexed USING byX");
    sameAsFullScan(q, Map.of());
  }

  @Test
  void generatedFiltersReturnWhatTheFullScanReturns() {
    Random random = new Random(7);
    String[] ops = {"==", "<", "<=", ">", ">=", "!="};
    Object[] values = {0, 3, 7.5, 19, "s2", null, true};
    for (int i = 0; i < 40; i++) {
      String op1 = ops[random.nextInt(ops.length)];
      String op2 = ops[random.nextInt(ops.length)];
      Map<String, Object> bind = new java.util.HashMap<>();
      bind.put("v1", values[random.nextInt(values.length)]);
      bind.put("v2", random.nextInt(4));
      String q =
          "FOR d IN @@c FILTER d.x "
              + op1
              + " @v1 AND d.a "
              + op2
              + " @v2 SORT d._key RETURN d._key";
      sameAsFullScan(q, bind);
    }
  }

  @Test
  void explainPrintsTheResultFirstAndSubqueriesAfter() {
    assertThat(
            db.explain(
                "FOR d IN indexed FILTER d.u >= 290 LET n = (FOR i IN 1..2 RETURN i) RETURN d._key",
                Map.of()))
        .isEqualTo(
            """
            Return d._key [estimated rows 75, cost 376]
              Let n = (subquery of 2 operations) [estimated rows 75, cost 301]
                Filter (d.u >= 290) [estimated rows 75, cost 226]
                  ScanIndex d IN indexed USING byU [u] WHERE (d.u >= 290) ASC [estimated rows 75, cost 151]
                    Singleton [estimated rows 1, cost 0]
            subquery 1:
              Return i [estimated rows 10, cost 20]
                ScanArray i IN 1..2 [estimated rows 10, cost 10]
                  Singleton [estimated rows 1, cost 0]
            """);
  }

  @Test
  void alternativesOfOneAttributeReadLikeIn() {
    String q =
        "FOR d IN @@c FILTER d.x == 3 OR d.x == 's1' OR d.x IN [7.5, 3] SORT d._key RETURN d._key";
    assertThat(plan(q, Map.of())).contains("USING byX");
    sameAsFullScan(q, Map.of());
    String mixed = "FOR d IN @@c FILTER d.x == 3 OR d.a == 1 SORT d._key RETURN d._key";
    assertThat(plan(mixed, Map.of())).contains("ScanCollection");
    sameAsFullScan(mixed, Map.of());
  }

  @Test
  void alternativesStartingWithARangeKeepTheFullScan() {
    // Found by AqlPostgresDifferentialIT: the planner threw a NullPointerException here.
    String q = "FOR d IN @@c FILTER d.x < 3 OR d.x == 5 SORT d._key RETURN d._key";
    assertThat(plan(q, Map.of())).contains("ScanCollection");
    sameAsFullScan(q, Map.of());
    sameAsFullScan("FOR d IN @@c FILTER d.name LIKE '%a' OR d.x == 5 RETURN d._key", Map.of());
  }
}
