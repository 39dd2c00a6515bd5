package io.themisdb.platform.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.aql.ast.QueryParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryWritesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT {a: 1} INTO c",
        "FOR d IN c UPDATE d WITH {x: 1} IN c",
        "FOR d IN c REPLACE d WITH {x: 1} IN c",
        "FOR d IN c REMOVE d IN c",
        "UPSERT {a: 1} INSERT {a: 1} UPDATE {b: OLD.b + 1} IN c",
        "LET made = (FOR i IN 1..2 INSERT {_key: CONCAT('s', i)} INTO log RETURN NEW._key)"
            + " RETURN made",
        "RETURN LENGTH((FOR d IN c REMOVE d IN c RETURN OLD))",
        "FOR d IN c FILTER d.n > 0 RETURN {n: (FOR e IN c UPDATE e WITH {n: 0} IN c RETURN 1)}"
      })
  void queriesThatWriteAnywhereAreFound(String aql) {
    assertThat(QueryWrites.modifies(QueryParser.parse(aql))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "FOR d IN c FILTER d.total >= @min SORT d.total DESC LIMIT 10 RETURN d",
        "RETURN 'INSERT {a: 1} INTO c'",
        "LET x = 1 RETURN {n: x, m: [1, 2][0], s: 'REMOVE d IN c'}",
        "FOR d IN c COLLECT k = d.k WITH COUNT INTO n RETURN {k, n}",
        "RETURN (FOR i IN 1..3 RETURN i * 2)"
      })
  void readingQueriesAreNotTakenForWrites(String aql) {
    assertThat(QueryWrites.modifies(QueryParser.parse(aql))).isFalse();
  }
}
