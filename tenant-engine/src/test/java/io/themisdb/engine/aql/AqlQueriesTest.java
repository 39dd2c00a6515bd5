package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.UnknownCollectionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AqlQueriesTest extends AqlFixture {

  @BeforeEach
  void people() {
    collection(
        "people",
        "{\"_key\":\"ann\",\"name\":\"Ann\",\"age\":31,\"city\":\"Oslo\"}",
        "{\"_key\":\"bob\",\"name\":\"Bob\",\"age\":25,\"city\":\"Rome\"}",
        "{\"_key\":\"cid\",\"name\":\"Cid\",\"age\":40,\"city\":\"Oslo\"}",
        "{\"_key\":\"dan\",\"name\":\"Dan\",\"city\":\"Rome\"}");
    collection(
        "orders",
        "{\"_key\":\"o1\",\"who\":\"ann\",\"total\":10}",
        "{\"_key\":\"o2\",\"who\":\"ann\",\"total\":5}",
        "{\"_key\":\"o3\",\"who\":\"cid\",\"total\":7}");
  }

  @Test
  void forOverACollectionFiltersAndReturnsInKeyOrder() {
    assertThat(json("FOR p IN people FILTER p.age > 26 RETURN p.name"))
        .isEqualTo("[\"Ann\",\"Cid\"]");
  }

  @Test
  void documentsCarryIdKeyAndRevision() {
    JsonNode ann = run("FOR p IN people FILTER p._key == 'ann' RETURN p", Map.of()).getFirst();
    assertThat(ann.get("_id").stringValue()).isEqualTo("people/ann");
    assertThat(ann.has("_rev")).isTrue();
  }

  @Test
  void sortOnSeveralKeysUsesTypeOrderWithNullFirst() {
    assertThat(json("FOR p IN people SORT p.city DESC, p.age RETURN p.name"))
        .isEqualTo("[\"Dan\",\"Bob\",\"Ann\",\"Cid\"]");
    assertThat(json("FOR p IN people SORT p.age RETURN p.age")).isEqualTo("[null,25,31,40]");
  }

  @Test
  void limitTakesOffsetAndCount() {
    assertThat(json("FOR p IN people SORT p.name LIMIT 1, 2 RETURN p.name"))
        .isEqualTo("[\"Bob\",\"Cid\"]");
    assertThat(json("FOR p IN people SORT p.name LIMIT @n RETURN p.name", Map.of("n", 1)))
        .isEqualTo("[\"Ann\"]");
  }

  @Test
  void negativeLimitIsAnExecutionError() {
    assertThatThrownBy(() -> json("FOR p IN people LIMIT -1 RETURN p"))
        .isInstanceOf(AqlExecutionException.class)
        .hasMessageContaining("LIMIT count");
  }

  @Test
  void returnDistinctDropsDuplicates() {
    assertThat(json("FOR p IN people SORT p.city RETURN DISTINCT p.city"))
        .isEqualTo("[\"Oslo\",\"Rome\"]");
  }

  @Test
  void nestedForJoinsTwoCollections() {
    assertThat(
            json(
                "FOR p IN people FOR o IN orders FILTER o.who == p._key SORT o.total"
                    + " RETURN {n: p.name, t: o.total}"))
        .isEqualTo("[{\"n\":\"Ann\",\"t\":5},{\"n\":\"Cid\",\"t\":7},{\"n\":\"Ann\",\"t\":10}]");
  }

  @Test
  void forOverASubqueryAndLetWithCorrelatedSubquery() {
    assertThat(
            json(
                "FOR p IN (FOR x IN people FILTER x.city == 'Oslo' RETURN x) SORT p.name"
                    + " LET spent = SUM((FOR o IN orders FILTER o.who == p._key RETURN o.total))"
                    + " RETURN [p.name, spent]"))
        .isEqualTo("[[\"Ann\",15],[\"Cid\",7]]");
  }

  @Test
  void collectionBindParameterNamesTheCollection() {
    assertThat(
            json(
                "FOR p IN @@c FILTER p.age == @age RETURN p.name",
                Map.of("@c", "people", "age", 25)))
        .isEqualTo("[\"Bob\"]");
  }

  @Test
  void unknownCollectionIsReported() {
    assertThatThrownBy(() -> json("FOR x IN nothere RETURN x"))
        .isInstanceOf(UnknownCollectionException.class);
  }

  @Test
  void cursorStreamsInBatches() {
    try (QueryCursor c =
        db.query("FOR i IN 1..5 RETURN i", Map.of(), QueryOptions.DEFAULT.withBatchSize(2))) {
      assertThat(c.nextBatch()).hasSize(2);
      assertThat(c.nextBatch()).hasSize(2);
      assertThat(c.nextBatch()).hasSize(1);
      assertThat(c.nextBatch()).isEmpty();
    }
  }

  @Test
  void maxResultsStopsAQueryThatReturnsTooMuch() {
    try (QueryCursor c =
        db.query("FOR i IN 1..10 RETURN i", Map.of(), QueryOptions.DEFAULT.withMaxResults(3))) {
      assertThatThrownBy(c::all)
          .isInstanceOf(AqlExecutionException.class)
          .hasMessageContaining("more than the allowed 3");
    }
  }

  @Test
  void cancelledQueryFailsOnItsNextRead() {
    try (QueryCursor c = db.query("FOR p IN people RETURN p", Map.of(), QueryOptions.DEFAULT)) {
      assertThat(c.next()).isNotNull();
      c.cancel();
      assertThatThrownBy(c::next).isInstanceOf(AqlExecutionException.class);
    }
  }

  @Test
  void explainShowsAFullScanWithoutIndexes() {
    assertThat(db.explain("FOR p IN people FILTER p.age > 1 RETURN p", Map.of()))
        .contains("ScanCollection p IN people (full scan, early filter (p.age > 1))")
        .contains("Filter (p.age > 1)");
  }

  @Test
  void fullScanDecodesOnlyTheAttributesTheQueryReads() {
    assertThat(db.explain("FOR p IN people SORT p.age RETURN {n: p.name, id: p._id}", Map.of()))
        .contains("ScanCollection p IN people (full scan, reads only [_id, age, name])");
    assertThat(json("FOR p IN people SORT p.age RETURN {n: p.name, id: p._id, c: p['city']}"))
        .isEqualTo(
            json("FOR p IN people LET w = p SORT w.age RETURN {n: w.name, id: w._id, c: w.city}"));
    // The whole document escapes through MERGE or a subquery: nothing is narrowed.
    assertThat(db.explain("FOR p IN people RETURN MERGE(p, {})", Map.of()))
        .contains("ScanCollection p IN people (full scan) [estimated");
    assertThat(db.explain("FOR p IN people RETURN (FOR x IN [1] RETURN p.name)", Map.of()))
        .contains("ScanCollection p IN people (full scan) [estimated");
    assertThat(db.explain("FOR p IN people COLLECT c = p.city INTO g RETURN g", Map.of()))
        .contains("ScanCollection p IN people (full scan) [estimated");
  }

  @Test
  void earlyFilterDropsDocumentsButKeepsTheQueryResult() {
    assertThat(json("FOR p IN people FILTER p.age > 26 FILTER p.city != null RETURN p"))
        .isEqualTo(
            json("FOR p IN people LET w = p FILTER w.age > 26 FILTER w.city != null RETURN w"));
    // A volatile function and a variable defined after the FOR keep the filter out of the scan.
    assertThat(db.explain("FOR p IN people FILTER p.age > RAND() RETURN p", Map.of()))
        .contains("ScanCollection p IN people (full scan) [estimated");
  }

  @Test
  void documentFunctionReadsById() {
    assertThat(
            json(
                "RETURN [DOCUMENT('people/bob').name, DOCUMENT('people', 'cid').age,"
                    + " DOCUMENT(['people/ann', 'people/zzz'])[*].name, DOCUMENT('people/zzz')]"))
        .isEqualTo("[[\"Bob\",40,[\"Ann\"],null]]");
  }

  @Test
  void runsInsideAnExplicitTransactionAndSeesItsWrites() {
    try (var txn = db.begin()) {
      txn.query("INSERT {_key: 'eve', age: 50} INTO people", Map.of(), null).close();
      List<JsonNode> inside;
      try (QueryCursor c =
          txn.query("FOR p IN people FILTER p.age == 50 RETURN p._key", Map.of(), null)) {
        inside = c.all();
      }
      assertThat(inside).extracting(JsonNode::stringValue).containsExactly("eve");
      assertThat(json("FOR p IN people FILTER p.age == 50 RETURN p")).isEqualTo("[]");
      txn.commit();
    }
    assertThat(json("FOR p IN people FILTER p.age == 50 RETURN p._key")).isEqualTo("[\"eve\"]");
  }

  @Test
  void projectedScansResumeAcrossPagesBeforeAndAfterTheTransactionWrites() {
    // Scans read pages of 1,000 documents; a page resumes after the _key its last value holds.
    List<tools.jackson.databind.node.ObjectNode> many = new java.util.ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      many.add(
          (tools.jackson.databind.node.ObjectNode)
              io.themisdb.engine.aql.value.Values.JSON.readTree(
                  "{\"_key\":\"m%05d\",\"r\":%d}".formatted(i, i % 7)));
    }
    db.createCollection("many", io.themisdb.engine.catalog.CollectionType.DOCUMENT);
    db.insertAll("many", many, io.themisdb.engine.WriteOptions.DEFAULT);
    String count = "FOR m IN many FILTER m.r == 3 COLLECT WITH COUNT INTO n RETURN n";
    assertThat(json(count)).isEqualTo("[357]");
    assertThat(json("FOR m IN many FILTER m.r == 6 SORT m._key DESC LIMIT 1 RETURN m._key"))
        .isEqualTo("[\"m02498\"]");
    try (var txn = db.begin()) {
      txn.query("INSERT {_key: 'm99999', r: 3} INTO many", Map.of(), null).close();
      try (QueryCursor c = txn.query(count, Map.of(), null)) {
        assertThat(c.all().getFirst().intValue()).isEqualTo(358);
      }
    }
  }

  @Test
  void profileCountsRowsPerOperator() {
    try (QueryCursor c =
        db.query(
            "FOR p IN people FILTER p.city == 'Oslo' RETURN p.name",
            Map.of(),
            QueryOptions.DEFAULT.withProfile())) {
      assertThat(c.all()).hasSize(2);
      assertThat(c.profile())
          .containsPattern("Return p.name \\[rows 2, [0-9.]+ ms]")
          .containsPattern("Filter \\(p.city == \"Oslo\"\\) \\[rows 2, ")
          // The early filter in the scan already drops the documents outside Oslo.
          .containsPattern(
              "ScanCollection p IN people \\(full scan, early filter \\(p.city == \"Oslo\"\\),"
                  + " reads only \\[city, name]\\) \\[rows 2, ")
          .containsPattern("Singleton \\[rows 1, ");
    }
  }

  @Test
  void queryPastItsTimeLimitFails() {
    QueryOptions oneMillisecond = QueryOptions.DEFAULT.withTimeout(java.time.Duration.ofMillis(1));
    assertThatThrownBy(
            () ->
                db.query(
                        "FOR i IN 1..2000000 COLLECT WITH COUNT INTO n RETURN n",
                        Map.of(),
                        oneMillisecond)
                    .all())
        .isInstanceOf(AqlExecutionException.class)
        .hasMessageContaining("time limit");
  }

  @Test
  void sortOverTheMemoryLimitFailsWithAClearError() {
    QueryOptions small = QueryOptions.DEFAULT.withMaxMemoryBytes(10_000);
    assertThat(db.query("FOR p IN people SORT p.name RETURN p.name", Map.of(), small).all())
        .hasSize(4);
    assertThatThrownBy(
            () ->
                db.query("FOR i IN 1..1000 SORT -i RETURN {i, pad: '0123456789'}", Map.of(), small)
                    .all())
        .isInstanceOf(AqlExecutionException.class)
        .hasMessageContaining("SORT needs more memory than the query may use (10000 bytes)");
  }
}
