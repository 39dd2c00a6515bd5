package io.themisdb.engine.aql.ast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.aql.AqlSyntaxException;
import io.themisdb.engine.aql.ast.Expr.Attribute;
import io.themisdb.engine.aql.ast.Expr.Binary;
import io.themisdb.engine.aql.ast.Expr.BinaryOp;
import io.themisdb.engine.aql.ast.Expr.Expansion;
import io.themisdb.engine.aql.ast.Expr.Literal;
import io.themisdb.engine.aql.ast.Expr.Name;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class QueryParserTest {
  private static final JsonNodeFactory N = JsonNodeFactory.instance;

  private static Expr returned(String aql) {
    Query q = QueryParser.parse(aql);
    return ((Operation.Return) q.operations().getLast()).value();
  }

  @Test
  void keywordsAreCaseInsensitive() {
    Query q = QueryParser.parse("for u in users filter u.age > 3 Return DISTINCT u.name");
    assertThat(q.operations()).hasSize(3);
    assertThat(q.operations().get(0)).isEqualTo(new Operation.For("u", new Name("users"), null));
    assertThat(q.operations().get(2))
        .isEqualTo(new Operation.Return(new Attribute(new Name("u"), "name"), true));
  }

  @Test
  void multiplicationBindsTighterThanAdditionAndComparison() {
    assertThat(returned("RETURN 1 + 2 * 3 == 7"))
        .isEqualTo(
            new Binary(
                BinaryOp.EQ,
                new Binary(
                    BinaryOp.ADD,
                    new Literal(N.numberNode(1L)),
                    new Binary(
                        BinaryOp.MULTIPLY,
                        new Literal(N.numberNode(2L)),
                        new Literal(N.numberNode(3L)))),
                new Literal(N.numberNode(7L))));
  }

  @Test
  void rangeBetweenIntegersIsNotADecimalNumber() {
    assertThat(returned("RETURN 1..10"))
        .isEqualTo(new Expr.Range(new Literal(N.numberNode(1L)), new Literal(N.numberNode(10L))));
  }

  @Test
  void stepsAfterAnExpansionApplyToEachElement() {
    assertThat(returned("RETURN u.friends[* FILTER CURRENT.age > 1].name"))
        .isEqualTo(
            new Expansion(
                new Attribute(new Name("u"), "friends"),
                1,
                new Binary(
                    BinaryOp.GT,
                    new Attribute(new Name("CURRENT"), "age"),
                    new Literal(N.numberNode(1L))),
                null,
                null,
                new Attribute(new Name("CURRENT"), "name")));
  }

  @Test
  void keywordsMayNameAttributesAndObjectKeys() {
    assertThat(returned("RETURN { count: d.filter, `for`: 1 }"))
        .isEqualTo(
            new Expr.ObjectLiteral(
                List.of(
                    new Expr.ObjectLiteral.Entry(
                        "count", null, new Attribute(new Name("d"), "filter")),
                    new Expr.ObjectLiteral.Entry("for", null, new Literal(N.numberNode(1L))))));
  }

  @Test
  void collectParsesGroupsAggregatesIntoKeepAndCount() {
    Query q =
        QueryParser.parse(
            "FOR d IN c COLLECT a = d.a, b = d.b AGGREGATE s = SUM(d.x) INTO g = d.x KEEP d"
                + " RETURN 1");
    Operation.Collect c = (Operation.Collect) q.operations().get(1);
    assertThat(c.groups()).extracting(Operation.Assignment::variable).containsExactly("a", "b");
    assertThat(c.aggregates()).extracting(Operation.Assignment::variable).containsExactly("s");
    assertThat(c.into()).isEqualTo("g");
    assertThat(c.keep()).containsExactly("d");
    Operation.Collect counted =
        (Operation.Collect)
            QueryParser.parse("FOR d IN c COLLECT WITH COUNT INTO n RETURN n").operations().get(1);
    assertThat(counted.countInto()).isEqualTo("n");
  }

  @Test
  void updateWithInIsNotReadAsTheInOperator() {
    Query q =
        QueryParser.parse("FOR d IN c UPDATE d WITH { a: 1 } IN c OPTIONS { keepNull: false }");
    Operation.Update u = (Operation.Update) q.operations().get(1);
    assertThat(u.key()).isEqualTo(new Name("d"));
    assertThat(u.collection()).isEqualTo(new Operation.Named("c"));
    assertThat(u.options()).isNotNull();
  }

  @Test
  void windowCallReadsPartitionOrderAndFrame() {
    Query q =
        QueryParser.parse(
            "FOR d IN c LET s = SUM(d.x) OVER (PARTITION BY d.dept ORDER BY d.at DESC"
                + " ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) RETURN s");
    Expr.WindowCall w = (Expr.WindowCall) ((Operation.Let) q.operations().get(1)).value();
    assertThat(w.function()).isEqualTo("SUM");
    assertThat(w.partitionBy()).containsExactly(new Attribute(new Name("d"), "dept"));
    assertThat(w.orderBy().getFirst().descending()).isTrue();
    assertThat(w.frame()).isEqualTo(new Frame(-2L, 0L));
  }

  @Test
  void quantifiedComparisonAndBindParametersParse() {
    assertThat(returned("RETURN @list ANY == @@coll"))
        .isEqualTo(
            new Expr.Quantified(
                Expr.Quantifier.ANY,
                BinaryOp.EQ,
                new Expr.BindParameter("list"),
                new Expr.BindCollection("coll")));
  }

  @Test
  void syntaxErrorNamesLineColumnAndShowsACaret() {
    assertThatThrownBy(() -> QueryParser.parse("FOR u IN users\n  FILTER u.a ==\nRETURN u"))
        .isInstanceOfSatisfying(
            AqlSyntaxException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isEqualTo(1);
              assertThat(e.getMessage()).contains("unexpected 'RETURN'").endsWith("\n  ^");
            });
  }

  @Test
  void unknownCharacterIsASyntaxError() {
    assertThatThrownBy(() -> QueryParser.parse("RETURN 1 # 2"))
        .isInstanceOfSatisfying(
            AqlSyntaxException.class, e -> assertThat(e.column()).isEqualTo(10));
  }

  @Test
  void emptyQueryIsASyntaxError() {
    assertThatThrownBy(() -> QueryParser.parse("  ")).isInstanceOf(AqlSyntaxException.class);
  }

  @Test
  void windowFrameMustNotEndBeforeItStarts() {
    assertThatThrownBy(
            () ->
                QueryParser.parse(
                    "FOR d IN c LET s = SUM(d.x) OVER (ORDER BY d.x ROWS BETWEEN 1 FOLLOWING AND"
                        + " 1 PRECEDING) RETURN s"))
        .isInstanceOf(AqlSyntaxException.class)
        .hasMessageContaining("must not end before it starts");
    assertThatThrownBy(
            () ->
                QueryParser.parse(
                    "FOR d IN c LET s = SUM(d.x) OVER (ROWS BETWEEN UNBOUNDED FOLLOWING AND"
                        + " CURRENT ROW) RETURN s"))
        .isInstanceOf(AqlSyntaxException.class)
        .hasMessageContaining("cannot start at UNBOUNDED FOLLOWING");
  }

  @Test
  void shortFrameEndsAtTheCurrentRowAndWithClauseIsAccepted() {
    Query q =
        QueryParser.parse(
            "WITH c, d FOR x IN c LET s = SUM(x.v) OVER (ORDER BY x.t ROWS 2 PRECEDING) RETURN s");
    Expr.WindowCall w = (Expr.WindowCall) ((Operation.Let) q.operations().get(1)).value();
    assertThat(w.frame()).isEqualTo(new Frame(-2L, 0L));
  }
}
