package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AqlCollectTest extends AqlFixture {

  @BeforeEach
  void sales() {
    collection(
        "sales",
        "{\"_key\":\"1\",\"region\":\"north\",\"year\":2024,\"amount\":10}",
        "{\"_key\":\"2\",\"region\":\"north\",\"year\":2025,\"amount\":30}",
        "{\"_key\":\"3\",\"region\":\"south\",\"year\":2024,\"amount\":20}",
        "{\"_key\":\"4\",\"region\":\"north\",\"year\":2024,\"amount\":20}",
        "{\"_key\":\"5\",\"region\":\"south\",\"year\":2024,\"amount\":null}");
  }

  @Test
  void groupsBySeveralKeysInKeyOrder() {
    assertThat(
            json(
                "FOR s IN sales COLLECT r = s.region, y = s.year WITH COUNT INTO n"
                    + " RETURN [r, y, n]"))
        .isEqualTo("[[\"north\",2024,2],[\"north\",2025,1],[\"south\",2024,2]]");
  }

  @Test
  void aggregatesIgnoreNullsExceptCount() {
    assertThat(
            json(
                "FOR s IN sales COLLECT r = s.region AGGREGATE n = COUNT(s.amount),"
                    + " total = SUM(s.amount), avg = AVG(s.amount), lo = MIN(s.amount),"
                    + " hi = MAX(s.amount), d = COUNT_DISTINCT(s.amount) RETURN [r, n, total, avg,"
                    + " lo, hi, d]"))
        .isEqualTo("[[\"north\",3,60,20,10,30,3],[\"south\",2,20,20,20,20,2]]");
  }

  @Test
  void statisticalAndSetAggregates() {
    assertThat(
            json(
                "FOR s IN sales FILTER s.region == 'north' COLLECT AGGREGATE v = VARIANCE(s.amount),"
                    + " sd = STDDEV(s.amount), u = UNIQUE(s.year), su = SORTED_UNIQUE(s.amount)"
                    + " RETURN [ROUND(v * 100) / 100, ROUND(sd * 1000) / 1000, u, su]"))
        .isEqualTo("[[66.67,8.165,[2024,2025],[10,20,30]]]");
  }

  @Test
  void intoCollectsTheGroupsRowsOrAProjection() {
    assertThat(
            json(
                "FOR s IN sales FILTER s.region == 'south' COLLECT y = s.year INTO g"
                    + " RETURN [y, g[*].s._key]"))
        .isEqualTo("[[2024,[\"3\",\"5\"]]]");
    assertThat(
            json("FOR s IN sales COLLECT r = s.region INTO amounts = s.amount RETURN [r, amounts]"))
        .isEqualTo("[[\"north\",[10,30,20]],[\"south\",[20,null]]]");
  }

  @Test
  void keepLimitsWhatIntoCaptures() {
    assertThat(
            json(
                "FOR s IN sales LET double = s.amount * 2 FILTER s.region == 'south'"
                    + " COLLECT y = s.year INTO g KEEP double RETURN g"))
        .isEqualTo("[[{\"double\":40},{\"double\":0}]]");
  }

  @Test
  void countWithoutGroupsAnswersOneRowEvenForNoInput() {
    assertThat(json("FOR s IN sales COLLECT WITH COUNT INTO n RETURN n")).isEqualTo("[5]");
    assertThat(json("FOR s IN sales FILTER false COLLECT WITH COUNT INTO n RETURN n"))
        .isEqualTo("[0]");
  }

  @Test
  void collectHidesEarlierVariables() {
    assertThatThrownBy(() -> json("FOR s IN sales COLLECT r = s.region RETURN s"))
        .isInstanceOfSatisfying(
            AqlSemanticException.class,
            e -> assertThat(e.kind()).isEqualTo(AqlSemanticException.Kind.UNKNOWN_VARIABLE));
  }

  @Test
  void aggregateNeedsAnAggregateFunction() {
    assertThatThrownBy(() -> json("FOR s IN sales COLLECT AGGREGATE x = LOWER(s.region) RETURN x"))
        .isInstanceOf(AqlSemanticException.class)
        .hasMessageContaining("expected one aggregate function call");
  }
}
