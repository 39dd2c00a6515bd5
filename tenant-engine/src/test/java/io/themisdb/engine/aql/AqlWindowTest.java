package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AqlWindowTest extends AqlFixture {

  @BeforeEach
  void staff() {
    collection(
        "staff",
        "{\"_key\":\"1\",\"dept\":\"ops\",\"salary\":50}",
        "{\"_key\":\"2\",\"dept\":\"ops\",\"salary\":70}",
        "{\"_key\":\"3\",\"dept\":\"dev\",\"salary\":90}",
        "{\"_key\":\"4\",\"dept\":\"ops\",\"salary\":70}",
        "{\"_key\":\"5\",\"dept\":\"dev\",\"salary\":80}");
  }

  @Test
  void rankingFunctionsNumberRowsPerPartition() {
    assertThat(
            json(
                "FOR s IN staff"
                    + " LET rn = ROW_NUMBER() OVER (PARTITION BY s.dept ORDER BY s.salary DESC)"
                    + " LET r = RANK() OVER (PARTITION BY s.dept ORDER BY s.salary DESC)"
                    + " LET dr = DENSE_RANK() OVER (PARTITION BY s.dept ORDER BY s.salary DESC)"
                    + " SORT s.dept, rn RETURN [s._key, rn, r, dr]"))
        .isEqualTo("[[\"3\",1,1,1],[\"5\",2,2,2],[\"2\",1,1,1],[\"4\",2,1,1],[\"1\",3,3,2]]");
  }

  @Test
  void lagAndLeadReadNeighboursWithDefaults() {
    assertThat(
            json(
                "FOR s IN staff LET prev = LAG(s.salary) OVER (ORDER BY s._key)"
                    + " LET next2 = LEAD(s.salary, 2, -1) OVER (ORDER BY s._key)"
                    + " RETURN [s._key, prev, next2]"))
        .isEqualTo("[[\"1\",null,90],[\"2\",50,70],[\"3\",70,80],[\"4\",90,-1],[\"5\",70,-1]]");
  }

  @Test
  void runningAggregatesUseTheDefaultFrameToTheCurrentRow() {
    assertThat(
            json(
                "FOR s IN staff LET total = SUM(s.salary) OVER (ORDER BY s._key)"
                    + " LET n = COUNT() OVER (ORDER BY s._key)"
                    + " LET hi = MAX(s.salary) OVER (ORDER BY s._key)"
                    + " LET avg = AVG(s.salary) OVER (ORDER BY s._key)"
                    + " RETURN [total, n, hi, avg]"))
        .isEqualTo("[[50,1,50,50],[120,2,70,60],[210,3,90,70],[280,4,90,70],[360,5,90,72]]");
  }

  @Test
  void explicitRowsFrameSlidesOverNeighbours() {
    assertThat(
            json(
                "FOR s IN staff LET moving = SUM(s.salary) OVER (ORDER BY s._key"
                    + " ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)"
                    + " LET lo = MIN(s.salary) OVER (ORDER BY s._key ROWS BETWEEN CURRENT ROW AND"
                    + " UNBOUNDED FOLLOWING) RETURN [moving, lo]"))
        .isEqualTo("[[120,50],[210,70],[230,70],[240,70],[150,80]]");
  }

  @Test
  void firstAndLastValueAndWholePartitionWithoutOrder() {
    assertThat(
            json(
                "FOR s IN staff FILTER s.dept == 'ops'"
                    + " LET top = FIRST_VALUE(s._key) OVER (ORDER BY s.salary DESC, s._key)"
                    + " LET last = LAST_VALUE(s._key) OVER (ORDER BY s.salary DESC, s._key"
                    + " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
                    + " LET deptTotal = SUM(s.salary) OVER (PARTITION BY s.dept)"
                    + " RETURN [s._key, top, last, deptTotal]"))
        .isEqualTo("[[\"1\",\"2\",\"1\",190],[\"2\",\"2\",\"1\",190],[\"4\",\"2\",\"1\",190]]");
  }

  @Test
  void windowCallOutsideLetIsRejected() {
    assertThatThrownBy(() -> json("FOR s IN staff RETURN RANK() OVER (ORDER BY s.salary)"))
        .isInstanceOf(AqlSemanticException.class)
        .hasMessageContaining("must be the whole value of a LET");
    assertThatThrownBy(() -> json("RETURN ROW_NUMBER()"))
        .isInstanceOf(AqlSemanticException.class)
        .hasMessageContaining("needs OVER");
    assertThatThrownBy(() -> json("FOR s IN staff LET x = LOWER(s.dept) OVER () RETURN x"))
        .isInstanceOfSatisfying(
            AqlSemanticException.class,
            e -> assertThat(e.kind()).isEqualTo(AqlSemanticException.Kind.UNKNOWN_FUNCTION));
  }
}
