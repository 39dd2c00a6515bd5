package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AqlExpressionsTest extends AqlFixture {

  @Test
  void arithmeticKeepsIntegersExactAndDividesToFractions() {
    assertThat(json("RETURN [1 + 2 * 3, 7 / 2, 8 / 2, 7 % 3, -(2 - 5), 1 / 0, \"3\" + 1]"))
        .isEqualTo("[[7,3.5,4,1,3,null,4]]");
  }

  @Test
  void comparisonsFollowAqlTypeOrder() {
    assertThat(
            json(
                "RETURN [null < false, false < 0, 0 < \"\", \"a\" < [], [] < {}, 1 == 1.0,"
                    + " [1, 2] < [1, 3], \"B\" < \"a\"]"))
        .isEqualTo("[[true,true,true,true,true,true,true,true]]");
  }

  @Test
  void logicalOperatorsShortCircuitAndReturnAnOperand() {
    assertThat(json("RETURN [null || \"x\", 0 && 1, true AND 2, NOT 0, !\"\", 1 ? 2 : 3, 0 ?: 9]"))
        .isEqualTo("[[\"x\",0,2,true,true,2,9]]");
  }

  @Test
  void rangesInAndQuantifiersWork() {
    assertThat(
            json(
                "RETURN [1..4, 3..1, 2 IN [1, 2], 5 NOT IN [1], [1, 2, 3] ANY > 2, [1, 2] ALL > 0,"
                    + " [1, 2] NONE == 3, [] ALL == 1, [] ANY == 1]"))
        .isEqualTo("[[[1,2,3,4],[3,2,1],true,true,true,true,true,true,false]]");
  }

  @Test
  void likeAndRegularExpressionsMatch() {
    assertThat(
            json(
                "RETURN [\"apple\" LIKE \"a%e\", \"apple\" LIKE \"a_\", \"a%b\" LIKE \"a\\\\%b\","
                    + " \"apple\" NOT LIKE \"b%\", \"abc\" =~ \"^a.c$\", \"abc\" !~ \"x\"]"))
        .isEqualTo("[[true,false,true,true,true,true]]");
  }

  @Test
  void attributeAccessByDotAndBracketAndMissingIsNull() {
    assertThat(
            json(
                "LET d = {a: {b: [10, 20, 30]}, \"x y\": 1} RETURN [d.a.b[1], d.a.b[-1], d[\"x y\"],"
                    + " d.a[\"b\"][0], d.nope.deeper, d.a.b[7]]"))
        .isEqualTo("[[20,30,1,10,null,null]]");
  }

  @Test
  void expansionProjectsFiltersLimitsAndFlattens() {
    String people = "[{n: \"a\", age: 30, tags: [1, 2]}, {n: \"b\", age: 17, tags: [3]}]";
    assertThat(
            json(
                "LET p = "
                    + people
                    + " RETURN [p[*].n, p[* FILTER CURRENT.age >= 18].n,"
                    + " p[* RETURN CURRENT.age * 2], p[*].tags, p[**].tags, p[* LIMIT 1].n]"))
        .isEqualTo("[[[\"a\",\"b\"],[\"a\"],[60,34],[[1,2],[3]],[[1,2],[3]],[\"a\"]]]");
    assertThat(json("RETURN [[1, [2]], [3]][**]")).isEqualTo("[[1,[2],3]]");
  }

  @Test
  void objectLiteralsTakeComputedAndShorthandKeys() {
    assertThat(
            json(
                "LET k = \"dyn\" LET v = 5 RETURN {[k]: 1, v, \"q\": @p, @name: 2}",
                Map.of("p", "bound", "name", "fromBind")))
        .isEqualTo("[{\"dyn\":1,\"v\":5,\"q\":\"bound\",\"fromBind\":2}]");
  }

  @Test
  void subqueryReturnsAnArray() {
    assertThat(json("LET xs = (FOR i IN 1..5 FILTER i % 2 == 1 RETURN i * 10) RETURN xs"))
        .isEqualTo("[[10,30,50]]");
  }

  @Test
  void missingBindParameterIsAClearError() {
    assertThatThrownBy(() -> json("RETURN @missing"))
        .isInstanceOf(AqlBindParameterException.class)
        .hasMessageContaining("@missing");
  }

  @Test
  void unusedBindParameterIsAClearError() {
    assertThatThrownBy(() -> json("RETURN 1", Map.of("extra", 1)))
        .isInstanceOf(AqlBindParameterException.class)
        .hasMessageContaining("extra");
  }

  @Test
  void unknownVariableFunctionAndArgumentCountAreDistinctErrors() {
    assertThatThrownBy(() -> json("RETURN nope"))
        .isInstanceOfSatisfying(
            AqlSemanticException.class,
            e -> assertThat(e.kind()).isEqualTo(AqlSemanticException.Kind.UNKNOWN_VARIABLE));
    assertThatThrownBy(() -> json("RETURN NO_SUCH_FN(1)"))
        .isInstanceOfSatisfying(
            AqlSemanticException.class,
            e -> assertThat(e.kind()).isEqualTo(AqlSemanticException.Kind.UNKNOWN_FUNCTION));
    assertThatThrownBy(() -> json("RETURN LOWER()"))
        .isInstanceOfSatisfying(
            AqlSemanticException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(AqlSemanticException.Kind.ARGUMENT_COUNT);
              assertThat(e.getMessage()).contains("LOWER() takes 1 argument");
            });
  }

  @Test
  void redeclaringAVariableIsAnError() {
    assertThatThrownBy(() -> json("LET a = 1 LET a = 2 RETURN a"))
        .isInstanceOfSatisfying(
            AqlSemanticException.class,
            e -> assertThat(e.kind()).isEqualTo(AqlSemanticException.Kind.VARIABLE_REDECLARED));
  }

  @Test
  void queryMustEndWithReturnOrAModification() {
    assertThatThrownBy(() -> json("LET a = 1"))
        .isInstanceOfSatisfying(
            AqlSemanticException.class,
            e -> assertThat(e.kind()).isEqualTo(AqlSemanticException.Kind.INVALID_QUERY));
  }

  @Test
  void bindValueWithoutAnAqlValueIsRejected() {
    assertThatThrownBy(() -> json("RETURN @x", Map.of("x", java.util.List.of(1.0, Double.NaN))))
        .isInstanceOf(AqlBindParameterException.class)
        .hasMessageContaining("NaN");
  }
}
