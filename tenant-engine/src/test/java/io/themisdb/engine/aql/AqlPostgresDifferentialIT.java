package io.themisdb.engine.aql;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.aql.DifferentialQueries.Pair;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.testsupport.PostgresDatabase;
import io.themisdb.testsupport.RealPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs generated queries in AQL on the engine and in SQL on PostgreSQL over the same seeded rows,
 * and compares the results: in order where the ORDER BY fixes it, as multisets otherwise, doubles
 * within a relative 1e-9.
 *
 * <p>Where the semantics differ, the SQL is written to mean what the AQL means:
 *
 * <ul>
 *   <li>AQL compares null as the smallest value ({@code null < 1} is true, {@code null == 1}
 *       false), SQL answers unknown. Each SQL comparison spells out the AQL answer for null ({@code
 *       a IS NULL OR a < 1}), so NOT, AND and OR never meet an unknown. {@code d.s NOT IN [...]} is
 *       true for null.
 *   <li>AQL's LIKE reads null as the empty string: SQL uses {@code COALESCE(s, '') LIKE ...}.
 *   <li>AQL sorts null first ascending and last descending: SQL says {@code NULLS FIRST} / {@code
 *       NULLS LAST}. Strings compare by UTF-8 bytes: the text columns use {@code COLLATE "C"}.
 *   <li>{@code COUNT(d.x)} in AGGREGATE and windows counts rows, nulls included ({@code count(*)});
 *       {@code SUM} of no numbers is 0, SQL's is NULL ({@code COALESCE(sum(x), 0)}).
 *   <li>A window's default frame in AQL is {@code ROWS} from the partition start to the current
 *       row, SQL's is {@code RANGE}: the SQL states the ROWS frame, and ORDER BY ends with the
 *       unique {@code id} wherever ties would make the frame ambiguous.
 *   <li>COLLECT returns groups ordered by the group values, null first: SQL orders by them.
 *   <li>Arithmetic and most functions read null as 0 or "" in AQL (SQL: {@code COALESCE}); a
 *       division by zero is null and {@code /} divides as doubles.
 *   <li>{@code null == null} is true in AQL, so a join on an attribute pairs the rows where both
 *       lack it: SQL joins with {@code IS NOT DISTINCT FROM}.
 * </ul>
 */
@RealPostgres
class AqlPostgresDifferentialIT {
  private static final long SEED = 20261201L;
  private static final int ROWS = 300;
  private static final double TOLERANCE = 1e-9;

  private static EngineHost host;
  private static TenantDatabase db;
  private static Connection sql;

  @BeforeAll
  static void load(PostgresDatabase postgres, @TempDir Path root) throws SQLException {
    host =
        EngineHost.start(
            EngineSettings.defaults(root)
                .withMemoryBudget(32L << 20)
                .withIdleTimeout(Duration.ZERO)
                .withLockTimeout(Duration.ofSeconds(5)));
    db = host.create("differential");
    db.createCollection("t", CollectionType.DOCUMENT);
    db.createCollection("ti", CollectionType.DOCUMENT);
    db.createIndex("ti", IndexSpec.of("byA", "a"), null);
    db.createIndex("ti", IndexSpec.of("byGA", "g", "a"), null);
    db.createIndex("ti", IndexSpec.of("byS", "s"), null);
    sql = postgres.connect();
    try (Statement s = sql.createStatement()) {
      s.execute(
          "CREATE TABLE t (id int PRIMARY KEY, a int, b double precision,"
              + " s text COLLATE \"C\", g text COLLATE \"C\")");
    }
    try (PreparedStatement insert = sql.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?)")) {
      for (Object[] row : rows()) {
        ObjectNode doc = Values.JSON.createObjectNode();
        doc.put("_key", "k" + row[0]);
        doc.put("id", (Integer) row[0]);
        put(doc, "a", row[1]);
        put(doc, "b", row[2]);
        put(doc, "s", row[3]);
        put(doc, "g", row[4]);
        db.insert("t", doc.deepCopy());
        db.insert("ti", doc);
        insert.setInt(1, (Integer) row[0]);
        insert.setObject(2, row[1], Types.INTEGER);
        insert.setObject(3, row[2], Types.DOUBLE);
        insert.setObject(4, row[3], Types.VARCHAR);
        insert.setObject(5, row[4], Types.VARCHAR);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @AfterAll
  static void close() throws SQLException {
    if (sql != null) {
      sql.close();
    }
    if (host != null) {
      host.close();
    }
  }

  /** Seeded rows: small ranges so that filters, groups and ranks meet duplicates and ties. */
  private static List<Object[]> rows() {
    Random r = new Random(SEED);
    List<Object[]> rows = new ArrayList<>();
    for (int id = 1; id <= ROWS; id++) {
      if (id > 10 && r.nextInt(10) == 0) {
        Object[] copy = rows.get(r.nextInt(rows.size())).clone();
        copy[0] = id; // a duplicate of an earlier row but for its id
        rows.add(copy);
        continue;
      }
      rows.add(
          new Object[] {
            id,
            r.nextInt(8) == 0 ? null : r.nextInt(31) - 15,
            r.nextInt(8) == 0 ? null : (r.nextInt(61) - 30) / 4.0 + (r.nextInt(3) == 0 ? 0.1 : 0),
            r.nextInt(8) == 0 ? null : DifferentialQueries.STRINGS[r.nextInt(8)],
            r.nextInt(10) == 0 ? null : DifferentialQueries.GROUPS[r.nextInt(3)]
          });
    }
    return rows;
  }

  /** Null is sometimes stored, sometimes left out: both read as null in AQL. */
  private static void put(ObjectNode doc, String name, Object value) {
    switch (value) {
      case null -> {
        if (Math.floorMod(doc.get("id").intValue() * 31 + name.hashCode(), 2) == 0) {
          doc.putNull(name);
        }
      }
      case Integer i -> doc.put(name, i);
      case Double d -> doc.put(name, d);
      case String s -> doc.put(name, s);
      default -> throw new IllegalArgumentException(value.toString());
    }
  }

  @TestFactory
  Stream<DynamicTest> aqlAgreesWithPostgresOnGeneratedQueries() {
    List<Pair> pairs = new DifferentialQueries(SEED).generate(90, 50, 50, 60, 30, 40);
    return pairs.stream()
        .map(
            p ->
                DynamicTest.dynamicTest(
                    p.kind() + " #" + pairs.indexOf(p) + ": " + p.aql(), () -> compare(p)));
  }

  @Test
  void generatedPlansIncludeHashJoinsAndIndexScans() {
    // The joins and filters over "t" and "ti" are meant to compare these plans with PostgreSQL.
    String join = "FOR x IN t FOR y IN %s FILTER y.a == x.a RETURN [x.id, y.id]";
    assertThat(db.explain(join.formatted("t"), Map.of())).contains("ScanHashed");
    assertThat(db.explain(join.formatted("ti"), Map.of())).contains("ScanIndex y IN ti USING byA");
    assertThat(db.explain("FOR d IN ti FILTER d.s LIKE 'a%' RETURN d", Map.of()))
        .contains("USING byS");
  }

  private static void compare(Pair p) throws SQLException {
    List<List<Object>> fromAql = new ArrayList<>();
    try (QueryCursor c = db.query(p.aql(), Map.of(), QueryOptions.DEFAULT)) {
      for (JsonNode row : c.all()) {
        List<Object> values = new ArrayList<>();
        row.forEach(v -> values.add(plain(v)));
        fromAql.add(values);
      }
    } catch (RuntimeException e) {
      throw new AssertionError("%nAQL: %s%nSQL: %s%nAQL failed".formatted(p.aql(), p.sql()), e);
    }
    List<List<Object>> fromSql = new ArrayList<>();
    try (Statement s = sql.createStatement();
        ResultSet rs = s.executeQuery(p.sql())) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> values = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          values.add(v instanceof Number x ? (Object) x.doubleValue() : v);
        }
        fromSql.add(values);
      }
    }
    if (!p.ordered()) {
      fromAql.sort(ROW_ORDER);
      fromSql.sort(ROW_ORDER);
    }
    assertThat(same(fromAql, fromSql))
        .as(
            "%nAQL: %s%nSQL: %s%nAQL rows (%d): %s%nSQL rows (%d): %s",
            p.aql(), p.sql(), fromAql.size(), fromAql, fromSql.size(), fromSql)
        .isTrue();
  }

  /** Rows with strings quoted, so that "" and null read differently. */
  private static String show(List<List<Object>> rows) {
    return rows.stream()
        .map(r -> r.stream().map(v -> v instanceof String t ? "'" + t + "'" : "" + v).toList())
        .toList()
        .toString();
  }

  private static Object plain(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isString()) {
      return v.stringValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    return v.toString();
  }

  private static boolean same(List<List<Object>> a, List<List<Object>> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      List<Object> x = a.get(i);
      List<Object> y = b.get(i);
      if (x.size() != y.size()) {
        return false;
      }
      for (int j = 0; j < x.size(); j++) {
        if (!sameValue(x.get(j), y.get(j))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean sameValue(Object x, Object y) {
    if (x instanceof Double dx && y instanceof Double dy) {
      return Math.abs(dx - dy) <= TOLERANCE * Math.max(1, Math.max(Math.abs(dx), Math.abs(dy)));
    }
    return java.util.Objects.equals(x, y);
  }

  /** Null, then numbers, then strings; rows element by element. */
  private static final Comparator<List<Object>> ROW_ORDER =
      (x, y) -> {
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
          int c = compareValues(x.get(i), y.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(x.size(), y.size());
      };

  private static int compareValues(Object x, Object y) {
    int rx = rank(x);
    int ry = rank(y);
    if (rx != ry) {
      return Integer.compare(rx, ry);
    }
    return switch (x) {
      case null -> 0;
      case Double d -> Double.compare(d, (Double) y);
      default -> x.toString().compareTo(y.toString());
    };
  }

  private static int rank(Object v) {
    return v == null ? 0 : v instanceof Double ? 1 : 2;
  }
}
