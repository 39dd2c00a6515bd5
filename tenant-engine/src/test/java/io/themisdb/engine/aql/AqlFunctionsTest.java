package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One line per function area: a few calls and their exact results. */
class AqlFunctionsTest extends AqlFixture {

  @Test
  void typeChecksAndCasts() {
    assertThat(
            json(
                "RETURN [IS_NULL(null), IS_NUMBER(1), IS_STRING('a'), IS_ARRAY([]), IS_OBJECT({}),"
                    + " TYPENAME(true), TO_NUMBER('12'), TO_NUMBER('x'), TO_STRING(1.5),"
                    + " TO_STRING(null), TO_BOOL([]), TO_ARRAY(3), NOT_NULL(null, 2)]"))
        .isEqualTo("[[true,true,true,true,true,\"bool\",12,0,\"1.5\",\"\",true,[3],2]]");
  }

  @Test
  void strings() {
    assertThat(
            json(
                "RETURN [CONCAT('a', 1, null, [2, 3]), LOWER('AbC'), UPPER('x'),"
                    + " SUBSTRING('hello', 1, 3), SUBSTRING('hello', -3), CONTAINS('hello', 'll'),"
                    + " CONTAINS('hello', 'l', true), SPLIT('a,b,c', ','), TRIM('  x '),"
                    + " LTRIM('xxa', 'x'), REGEX_TEST('abc', '^A', true),"
                    + " REGEX_REPLACE('a1b2', '[0-9]', '#'), CONCAT_SEPARATOR('-', 'a', 'b'),"
                    + " LEFT('hello', 2), RIGHT('hello', 2), LIKE('Hello', 'h%', true),"
                    + " CHAR_LENGTH('äb'), SUBSTITUTE('aXbX', 'X', 'y'), REVERSE('abc')]"))
        .isEqualTo(
            "[[\"a123\",\"abc\",\"X\",\"ell\",\"llo\",true,2,[\"a\",\"b\",\"c\"],\"x\",\"a\","
                + "true,\"a#b#\",\"a-b\",\"he\",\"lo\",true,2,\"ayby\",\"cba\"]]");
  }

  @Test
  void numbers() {
    assertThat(
            json(
                "RETURN [ABS(-2), ROUND(2.5), ROUND(-2.5), FLOOR(1.7), CEIL(1.2), SQRT(16),"
                    + " POW(2, 10), LOG10(1000), SQRT(-1), RANGE(1, 7, 3)]"))
        .isEqualTo("[[2,3,-3,1,2,4,1024,3,null,[1,4,7]]]");
  }

  @Test
  void arrays() {
    assertThat(
            json(
                "RETURN [LENGTH([1, 2]), LENGTH('abc'), FIRST([5, 6]), LAST([5, 6]), NTH([5, 6], 1),"
                    + " UNIQUE([1, 1, 2]), SORTED([3, null, 'a', 1]), FLATTEN([1, [2, [3]]]),"
                    + " UNION([1], [2, 1]), UNION_DISTINCT([1], [2, 1]), INTERSECTION([1, 2, 3],"
                    + " [2, 3, 4]), MINUS([1, 2, 3], [2]), PUSH([1], 2), PUSH([1], 1, true),"
                    + " APPEND([1], [2, 3]), SLICE([1, 2, 3, 4], 1, 2), POSITION([1, 2], 2, true),"
                    + " REMOVE_VALUE([1, 2, 1], 1), REVERSE([1, 2]), SUM([1, 2.5]),"
                    + " AVERAGE([1, 2]), MAX([1, 'a']), COUNT_DISTINCT([1, 1, 2])]"))
        .isEqualTo(
            "[[2,3,5,6,6,[1,2],[null,1,3,\"a\"],[1,2,[3]],[1,2,1],[1,2],[2,3],[1,3],[1,2],[1],"
                + "[1,2,3],[2,3],1,[2],[2,1],3.5,1.5,\"a\",2]]");
  }

  @Test
  void objects() {
    assertThat(
            json(
                "LET d = {_key: 'k', a: 1, b: {c: 2}} RETURN [MERGE(d, {a: 9, z: 0}).a,"
                    + " MERGE_RECURSIVE({b: {c: 1, d: 1}}, {b: {c: 2}}), KEEP(d, 'a'),"
                    + " UNSET(d, ['b', '_key']), ATTRIBUTES(d, true, true), VALUES({x: 1}),"
                    + " HAS(d, 'b'), HAS(d, 'q'), ZIP(['x', 'y'], [1, 2])]"))
        .isEqualTo(
            "[[9,{\"b\":{\"c\":2,\"d\":1}},{\"a\":1},{\"a\":1},[\"a\",\"b\"],[1],true,false,"
                + "{\"x\":1,\"y\":2}]]");
  }

  @Test
  void dates() {
    assertThat(
            json(
                "LET t = '2026-03-15T10:20:30.400Z' RETURN [DATE_ISO8601(0), DATE_TIMESTAMP(t),"
                    + " DATE_YEAR(t), DATE_MONTH(t), DATE_DAY(t), DATE_HOUR(t), DATE_DAYOFWEEK(t),"
                    + " DATE_ADD(t, 1, 'month'), DATE_SUBTRACT('2026-01-01', 1, 'day'),"
                    + " DATE_DIFF('2026-01-01', '2026-01-31', 'd'), DATE_TRUNC(t, 'month'),"
                    + " DATE_NOW() > 0, DATE_ISO8601('not a date')]"))
        .isEqualTo(
            "[[\"1970-01-01T00:00:00.000Z\",1773570030400,2026,3,15,10,0,"
                + "\"2026-04-15T10:20:30.400Z\",\"2025-12-31T00:00:00.000Z\",30,"
                + "\"2026-03-01T00:00:00.000Z\",true,null]]");
  }

  @Test
  void oversizedRangeIsAnExecutionError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> json("RETURN RANGE(0, 1e9)"))
        .isInstanceOf(AqlExecutionException.class)
        .hasMessageContaining("RANGE would produce");
  }
}
