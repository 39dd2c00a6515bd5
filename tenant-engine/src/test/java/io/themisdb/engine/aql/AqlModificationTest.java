package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.DocumentNotFoundException;
import io.themisdb.engine.DuplicateKeyException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AqlModificationTest extends AqlFixture {

  @BeforeEach
  void users() {
    collection(
        "users",
        "{\"_key\":\"a\",\"name\":\"A\",\"n\":1,\"address\":{\"city\":\"Oslo\",\"zip\":\"0150\"}}",
        "{\"_key\":\"b\",\"name\":\"B\",\"n\":2}");
    collection("log");
  }

  @Test
  void insertReturnsNewDocumentsWithKeys() {
    assertThat(json("FOR i IN 1..3 INSERT {_key: CONCAT('k', i), i} INTO log RETURN NEW._key"))
        .isEqualTo("[\"k1\",\"k2\",\"k3\"]");
    assertThat(json("FOR l IN log RETURN l.i")).isEqualTo("[1,2,3]");
  }

  @Test
  void insertFromAScanOfTheSameCollectionDoesNotSeeItsOwnInserts() {
    assertThat(json("FOR u IN users INSERT {name: CONCAT(u.name, '2')} INTO users RETURN 1"))
        .isEqualTo("[1,1]");
    assertThat(json("FOR u IN users COLLECT WITH COUNT INTO n RETURN n")).isEqualTo("[4]");
  }

  @Test
  void updateMergesNestedObjectsAndKeepsNullsByDefault() {
    assertThat(
            json(
                "UPDATE 'a' WITH {address: {city: 'Rome'}, gone: null} IN users"
                    + " RETURN [OLD.address.city, NEW.address, HAS(NEW, 'gone')]"))
        .isEqualTo("[[\"Oslo\",{\"city\":\"Rome\",\"zip\":\"0150\"},true]]");
  }

  @Test
  void updateOptionsKeepNullFalseAndMergeObjectsFalse() {
    assertThat(
            json(
                "FOR u IN users FILTER u._key == 'a' UPDATE u WITH {address: {city: 'Rome'},"
                    + " name: null} IN users OPTIONS {keepNull: false, mergeObjects: false}"
                    + " RETURN [NEW.address, HAS(NEW, 'name')]"))
        .isEqualTo("[[{\"city\":\"Rome\"},false]]");
  }

  @Test
  void replaceSwapsTheWholeDocument() {
    assertThat(json("REPLACE {_key: 'b', only: true} IN users RETURN UNSET(NEW, '_rev')"))
        .isEqualTo("[{\"_key\":\"b\",\"only\":true,\"_id\":\"users/b\"}]");
  }

  @Test
  void removeReturnsOldAndDeletes() {
    assertThat(json("FOR u IN users FILTER u.n > 1 REMOVE u IN users RETURN OLD.name"))
        .isEqualTo("[\"B\"]");
    assertThat(json("FOR u IN users RETURN u._key")).isEqualTo("[\"a\"]");
  }

  @Test
  void upsertInsertsThenUpdatesWithOld() {
    String upsert =
        "UPSERT {name: 'C'} INSERT {name: 'C', hits: 1} UPDATE {hits: OLD.hits + 1} IN users"
            + " RETURN NEW.hits";
    assertThat(json(upsert)).isEqualTo("[1]");
    assertThat(json(upsert)).isEqualTo("[2]");
    assertThat(json("FOR u IN users FILTER u.name == 'C' RETURN u.hits")).isEqualTo("[2]");
  }

  @Test
  void aFailingWriteRollsBackTheWholeQuery() {
    assertThatThrownBy(() -> json("FOR k IN ['x', 'y', 'a'] INSERT {_key: k} INTO users"))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(json("FOR u IN users RETURN u._key")).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void ignoreErrorsSkipsRowsThatFail() {
    try (QueryCursor c =
        db.query(
            "FOR k IN ['x', 'a'] INSERT {_key: k} INTO users OPTIONS {ignoreErrors: true}",
            Map.of(),
            null)) {
      assertThat(c.writesExecuted()).isEqualTo(1);
    }
    assertThat(json("FOR u IN users RETURN u._key")).isEqualTo("[\"a\",\"b\",\"x\"]");
  }

  @Test
  void overwriteModeUpdateMergesIntoAnExistingDocument() {
    assertThat(
            json(
                "INSERT {_key: 'a', extra: 1} INTO users OPTIONS {overwriteMode: 'update'}"
                    + " RETURN [NEW.name, NEW.extra]"))
        .isEqualTo("[[\"A\",1]]");
  }

  @Test
  void updatingAMissingDocumentFails() {
    assertThatThrownBy(() -> json("UPDATE 'zzz' WITH {x: 1} IN users"))
        .isInstanceOf(DocumentNotFoundException.class);
  }

  @Test
  void insertOfANonObjectIsAnExecutionError() {
    assertThatThrownBy(() -> json("INSERT 42 INTO users"))
        .isInstanceOf(AqlExecutionException.class)
        .hasMessageContaining("INSERT needs an object, got number");
  }

  @Test
  void targetCollectionMayBeABindParameter() {
    assertThat(json("INSERT {v: @v} INTO @@c RETURN NEW.v", Map.of("@c", "log", "v", 7)))
        .isEqualTo("[7]");
  }

  @Test
  void writesInsideACallersTransactionCommitWithIt() {
    try (var txn = db.begin()) {
      txn.query("INSERT {_key: 't'} INTO log", Map.of(), null).close();
      txn.abort();
    }
    assertThat(json("FOR l IN log RETURN l")).isEqualTo("[]");
  }

  @Test
  void upsertSearchesThroughAnIndexOnItsAttributes() {
    db.createIndex("users", io.themisdb.engine.index.IndexSpec.of("byName", "name"), null);
    String upsert =
        "UPSERT {name: @n, n: 2} INSERT {name: @n, n: 2, hits: 1} UPDATE {hits: OLD.hits + 1}"
            + " IN users RETURN [NEW._key == 'b', NEW.hits]";
    assertThat(db.explain(upsert, Map.of("n", "B"))).contains("(search USING byName [name])");
    // OLD.hits is null for B, and null + 1 is 1 in AQL.
    assertThat(json(upsert, Map.of("n", "B"))).isEqualTo("[[true,1]]");
    assertThat(json(upsert, Map.of("n", "Z"))).isEqualTo("[[false,1]]");
    assertThat(json(upsert, Map.of("n", "Z"))).isEqualTo("[[false,2]]");
    assertThat(json("FOR u IN users FILTER u.name == 'Z' RETURN u.hits")).isEqualTo("[2]");
  }

  @Test
  void modificationInASubqueryCommitsWithTheQuery() {
    assertThat(
            json(
                "LET made = (FOR i IN 1..2 INSERT {_key: CONCAT('s', i)} INTO log RETURN NEW._key)"
                    + " RETURN LENGTH(made)"))
        .isEqualTo("[2]");
    assertThat(json("FOR l IN log RETURN l._key")).isEqualTo("[\"s1\",\"s2\"]");
  }
}
