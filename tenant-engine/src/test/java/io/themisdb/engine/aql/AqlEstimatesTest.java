package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.index.IndexSpec;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** EXPLAIN's estimated rows and costs come from approximate counts and index selectivity. */
class AqlEstimatesTest extends AqlFixture {
  private static final int DOCUMENTS = 3000;
  private static final Pattern ESTIMATE =
      Pattern.compile("\\[estimated rows ([0-9.]+), cost ([0-9.]+)]");

  @BeforeEach
  void data() {
    collection("c");
    collection("small", "{\"_key\":\"a\"}", "{\"_key\":\"b\"}", "{\"_key\":\"c\"}");
    db.createIndex("c", IndexSpec.of("byX", "x"), null);
    db.createIndex("c", IndexSpec.of("byU", "u").asUnique(), null);
    for (int i = 0; i < DOCUMENTS; i++) {
      db.insert(
          "c",
          (ObjectNode)
              Values.JSON.readTree(
                  "{\"_key\":\"k"
                      + i
                      + "\",\"x\":"
                      + (i % 150)
                      + ",\"u\":"
                      + i
                      + ",\"y\":"
                      + i
                      + ",\"pad\":\"some text to give the documents a size\"}"));
    }
  }

  @Test
  void approximateCountIsExactForSmallCollectionsAndCloseForLargeOnes() {
    assertThat(db.approximateCount("small")).isEqualTo(3);
    assertThat(db.approximateCount("c")).isBetween(DOCUMENTS / 2L, DOCUMENTS * 2L);
  }

  @Test
  void fullScanEstimatesTheCollectionSize() {
    double[] scan = estimate("FOR d IN small RETURN d", "ScanCollection");
    assertThat(scan).containsExactly(3, 3);
  }

  @Test
  void uniqueLookupFindsOneRowAndIsCheapest() {
    double[] unique = estimate("FOR d IN c FILTER d.u == 7 RETURN d", "ScanIndex");
    double[] equal = estimate("FOR d IN c FILTER d.x == 7 RETURN d", "ScanIndex");
    double[] range = estimate("FOR d IN c FILTER d.x > 7 RETURN d", "ScanIndex");
    double[] full = estimate("FOR d IN c FILTER d.y == 7 RETURN d", "ScanCollection");
    assertThat(unique[0]).isEqualTo(1);
    assertThat(unique[1]).isLessThan(equal[1]);
    assertThat(equal[0]).isGreaterThan(unique[0]).isLessThan(range[0]);
    assertThat(equal[1]).isLessThan(range[1]);
    assertThat(range[1]).isLessThan(full[1]);
    assertThat(full[0]).isGreaterThan(range[0]);
  }

  @Test
  void costsAddUpTowardsTheResultAndLimitCapsRows() {
    String plan = db.explain("FOR d IN c FILTER d.y > 3 SORT d.y LIMIT 5 RETURN d", Map.of());
    double previousCost = Double.MAX_VALUE;
    for (String line : plan.lines().toList()) {
      double[] e = parse(line);
      assertThat(e[1]).as(plan).isLessThanOrEqualTo(previousCost);
      previousCost = e[1];
    }
    assertThat(parse(plan.lines().filter(l -> l.contains("Limit")).findFirst().orElseThrow())[0])
        .isEqualTo(5);
  }

  @Test
  void movedFilterMakesTheJoinCheaper() {
    // An index lookup on the outer loop instead of a full scan of it.
    String join = "FOR a IN c FOR b IN small FILTER a.u == 3 RETURN [a, b]";
    String pinned = "FOR a IN c FOR b IN small LET pin = RAND() FILTER a.u == 3 RETURN [a, b]";
    assertThat(estimate(join, "Return")[1]).isLessThan(estimate(pinned, "Return")[1]);
  }

  /** Rows and cost of the first plan line that starts with {@code operator}. */
  private double[] estimate(String aql, String operator) {
    String plan = db.explain(aql, Map.of());
    return parse(
        plan.lines()
            .filter(l -> l.strip().startsWith(operator))
            .findFirst()
            .orElseThrow(() -> new AssertionError(plan)));
  }

  private static double[] parse(String line) {
    Matcher m = ESTIMATE.matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
  }
}
