package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Equality joins without an index run as hash joins and return what a nested loop returns. */
class AqlJoinTest extends AqlFixture {

  @BeforeEach
  void data() {
    collection("people");
    collection("orders");
    for (int i = 0; i < 60; i++) {
      Object city =
          switch (i % 5) {
            case 0 -> "null";
            case 1 -> "1";
            case 2 -> "1.0";
            default -> "\"c" + (i % 4) + "\"";
          };
      db.insert(
          "people",
          (tools.jackson.databind.node.ObjectNode)
              io.themisdb.engine.aql.value.Values.JSON.readTree(
                  "{\"_key\":\"p"
                      + i
                      + "\",\"city\":"
                      + city
                      + ",\"ref\":{\"id\":"
                      + (i % 7)
                      + "}}"));
      db.insert(
          "orders",
          (tools.jackson.databind.node.ObjectNode)
              io.themisdb.engine.aql.value.Values.JSON.readTree(
                  "{\"_key\":\"o" + i + "\",\"who\":" + (i % 9) + ",\"city\":" + city + "}"));
    }
  }

  @Test
  void equalityJoinUsesAHashJoin() {
    String q = "FOR o IN orders FOR p IN people FILTER p.ref.id == o.who RETURN [o._key, p._key]";
    assertThat(db.explain(q, Map.of()))
        .contains("ScanHashed p IN people (hash join on ref.id) WHERE (p.ref.id == o.who)");
  }

  @Test
  void hashJoinReturnsWhatTheNestedLoopReturnsInTheSameOrder() {
    String hashed =
        "FOR o IN orders FOR p IN people FILTER p.ref.id == o.who RETURN [o._key, p._key]";
    // The comparison wrapped in "== true" is no plain equality, so this one stays a nested loop.
    String nested =
        "FOR o IN orders FOR p IN people FILTER (p.ref.id == o.who) == true"
            + " RETURN [o._key, p._key]";
    assertThat(db.explain(nested, Map.of())).contains("ScanCollection p IN people");
    assertThat(json(hashed)).isEqualTo(json(nested));
  }

  @Test
  void hashJoinMatchesInAqlTypeOrderIncludingNullAndEqualNumbers() {
    String hashed =
        "FOR o IN orders FOR p IN people FILTER p.city == o.city RETURN [o._key, p._key]";
    String nested =
        "FOR o IN orders FOR p IN people FILTER (p.city == o.city) == true"
            + " RETURN [o._key, p._key]";
    assertThat(db.explain(hashed, Map.of())).contains("ScanHashed");
    assertThat(json(hashed)).isEqualTo(json(nested)).contains("[\"o1\",\"p2\"]");
  }
}
