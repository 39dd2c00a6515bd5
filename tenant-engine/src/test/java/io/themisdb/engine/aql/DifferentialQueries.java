package io.themisdb.engine.aql;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates pairs of an AQL query and a SQL query meant to return the same rows, over a collection
 * and a table with the attributes {@code id} (unique int), {@code a} (int), {@code b} (double),
 * {@code s} (text) and {@code g} (text, three values); all but {@code id} are sometimes null.
 *
 * <p>Every SQL predicate is written to be two-valued with AQL's answer for null (see {@link
 * AqlPostgresDifferentialIT}), so NOT, AND and OR combine them the same way in both languages.
 */
final class DifferentialQueries {

  /** One query in both languages; {@code ordered}: the ORDER BY fixes the whole row order. */
  record Pair(String kind, String aql, String sql, boolean ordered) {}

  /** A predicate in both languages. */
  private record Pred(String aql, String sql) {}

  static final String[] STRINGS = {"apple", "Apple", "banana", "b", "", "cherry", "äpfel", "zebra"};
  static final String[] GROUPS = {"x", "y", "z"};
  private static final String[] LIKES = {"a%", "%e%", "_a%", "%", "b", "%a", "A%", "__"};
  private static final String[] CMP = {"==", "!=", "<", "<=", ">", ">="};

  private final Random random;

  DifferentialQueries(long seed) {
    random = new Random(seed);
  }

  List<Pair> generate(
      int filters, int sorts, int collects, int windows, int joins, int expressions) {
    List<Pair> all = new ArrayList<>();
    repeat(all, filters, this::filter);
    repeat(all, sorts, this::sortLimit);
    repeat(all, collects, this::collect);
    repeat(all, windows, this::window);
    repeat(all, joins, this::join);
    repeat(all, expressions, this::expressions);
    return all;
  }

  /**
   * An equi-join: over {@code t} the inner loop runs as a hash join, over {@code ti} through the
   * index on {@code a}. AQL's {@code null == null} is true: SQL says IS NOT DISTINCT FROM.
   */
  private Pair join() {
    String col = pick("a", "g", "s");
    int outer = 5 + random.nextInt(40);
    boolean distinct = random.nextBoolean();
    if (distinct) {
      return new Pair(
          "join",
          "FOR x IN t FILTER x.id <= "
              + outer
              + " FOR y IN "
              + collection()
              + " FILTER y."
              + col
              + " == x."
              + col
              + " RETURN DISTINCT [x.g, y.g]",
          "SELECT DISTINCT x.g, y.g FROM t x JOIN t y ON y."
              + col
              + " IS NOT DISTINCT FROM x."
              + col
              + " WHERE x.id <= "
              + outer,
          false);
    }
    return new Pair(
        "join",
        "FOR x IN t FILTER x.id <= "
            + outer
            + " FOR y IN "
            + collection()
            + " FILTER x."
            + col
            + " == y."
            + col
            + " RETURN [x.id, y.id, y.b]",
        "SELECT x.id, y.id, y.b FROM t x JOIN t y ON y."
            + col
            + " IS NOT DISTINCT FROM x."
            + col
            + " WHERE x.id <= "
            + outer,
        false);
  }

  private static void repeat(List<Pair> into, int n, Supplier<Pair> next) {
    for (int i = 0; i < n; i++) {
      into.add(next.get());
    }
  }

  private String collection() {
    // The indexed copy sends equality, IN, range and LIKE-prefix filters through sorted indexes.
    return random.nextBoolean() ? "t" : "ti";
  }

  private Pair filter() {
    Pred p = predicate(2);
    String c = collection();
    if (random.nextBoolean()) {
      return new Pair(
          "filter",
          "FOR d IN " + c + " FILTER " + p.aql + " SORT d.id RETURN [d.id, d.a, d.b, d.s, d.g]",
          "SELECT id, a, b, s, g FROM t WHERE " + p.sql + " ORDER BY id",
          true);
    }
    return new Pair(
        "filter",
        "FOR d IN " + c + " FILTER " + p.aql + " RETURN [d.id, d.a, d.s]",
        "SELECT id, a, s FROM t WHERE " + p.sql,
        false);
  }

  private Pair sortLimit() {
    String[] cols = {"a", "b", "s", "g"};
    StringBuilder aqlSort = new StringBuilder();
    StringBuilder sqlSort = new StringBuilder();
    int keys = 1 + random.nextInt(2);
    for (int i = 0; i < keys; i++) {
      String col = cols[random.nextInt(cols.length)];
      boolean desc = random.nextBoolean();
      aqlSort.append("d.").append(col).append(desc ? " DESC, " : " ASC, ");
      sqlSort.append(col).append(desc ? " DESC NULLS LAST, " : " ASC NULLS FIRST, ");
    }
    boolean idDesc = random.nextBoolean();
    aqlSort.append(idDesc ? "d.id DESC" : "d.id");
    sqlSort.append(idDesc ? "id DESC" : "id");
    int offset = random.nextInt(4) == 0 ? random.nextInt(30) : 0;
    int count = 1 + random.nextInt(40);
    Pred p = random.nextBoolean() ? predicate(1) : null;
    return new Pair(
        "sort",
        "FOR d IN "
            + collection()
            + (p == null ? "" : " FILTER " + p.aql)
            + " SORT "
            + aqlSort
            + " LIMIT "
            + offset
            + ", "
            + count
            + " RETURN [d.id, d.a, d.b, d.s, d.g]",
        "SELECT id, a, b, s, g FROM t"
            + (p == null ? "" : " WHERE " + p.sql)
            + " ORDER BY "
            + sqlSort
            + " LIMIT "
            + count
            + " OFFSET "
            + offset,
        true);
  }

  private Pair collect() {
    String[][] keySets = {{}, {"g"}, {"a"}, {"g", "a"}, {"s"}};
    String[] keys = keySets[random.nextInt(keySets.length)];
    List<String> aqlKeys = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> order = new ArrayList<>();
    for (String k : keys) {
      aqlKeys.add("k_" + k + " = d." + k);
      names.add("k_" + k);
      order.add(k + " ASC NULLS FIRST");
    }
    List<String> aqlAggs = new ArrayList<>();
    List<String> sqlCols = new ArrayList<>(List.of(keys));
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      String fn = new String[] {"COUNT", "SUM", "MIN", "MAX", "AVG"}[random.nextInt(5)];
      String col = fn.equals("SUM") || fn.equals("AVG") ? pick("a", "b") : pick("a", "b", "s");
      aqlAggs.add("v" + i + " = " + fn + "(d." + col + ")");
      names.add("v" + i);
      sqlCols.add(
          switch (fn) {
            case "COUNT" -> "count(*)"; // AQL's COUNT counts nulls too
            case "SUM" -> "COALESCE(sum(" + col + "), 0)"; // AQL's SUM of no numbers is 0
            default -> fn.toLowerCase(java.util.Locale.ROOT) + "(" + col + ")";
          });
    }
    Pred p = random.nextInt(3) == 0 ? predicate(1) : null;
    String aql =
        "FOR d IN "
            + collection()
            + (p == null ? "" : " FILTER " + p.aql)
            + " COLLECT "
            + String.join(", ", aqlKeys)
            + " AGGREGATE "
            + String.join(", ", aqlAggs)
            + " RETURN ["
            + String.join(", ", names)
            + "]";
    String sql =
        "SELECT "
            + String.join(", ", sqlCols)
            + " FROM t"
            + (p == null ? "" : " WHERE " + p.sql)
            + (keys.length == 0 ? "" : " GROUP BY " + String.join(", ", keys))
            + (keys.length == 0 ? "" : " ORDER BY " + String.join(", ", order));
    return new Pair("collect", aql, sql, true);
  }

  private Pair window() {
    String partitionCol = pick(null, "g", "s");
    String part = partitionCol == null ? "" : "PARTITION BY d." + partitionCol + " ";
    String sqlPart = partitionCol == null ? "" : "PARTITION BY " + partitionCol + " ";
    String col = pick("a", "b");
    boolean desc = random.nextBoolean();
    String aqlOrder = "ORDER BY d." + col + (desc ? " DESC" : " ASC");
    String sqlOrder = "ORDER BY " + col + (desc ? " DESC NULLS LAST" : " ASC NULLS FIRST");
    String aqlFn;
    String sqlFn;
    String aqlOver;
    String sqlOver;
    int kind = random.nextInt(4);
    if (kind == 0) {
      // Ranks: ties in the ORDER BY are part of what is compared.
      String fn = pick("RANK", "DENSE_RANK");
      aqlFn = fn + "()";
      sqlFn = fn.toLowerCase(java.util.Locale.ROOT) + "()";
      aqlOver = part + aqlOrder;
      sqlOver = sqlPart + sqlOrder;
    } else {
      // d.id breaks ties so that ROWS frames hold the same rows in both systems.
      aqlOver = part + aqlOrder + ", d.id";
      sqlOver = sqlPart + sqlOrder + ", id";
      String[] frame = frame();
      aqlOver += frame[0];
      sqlOver += frame[1];
      String arg = pick("a", "b");
      String fn = pick("ROW_NUMBER", "SUM", "COUNT", "MIN", "MAX", "AVG", "LAG", "FIRST_VALUE");
      switch (fn) {
        case "ROW_NUMBER" -> {
          aqlFn = "ROW_NUMBER()";
          sqlFn = "row_number()";
          aqlOver = part + aqlOrder + ", d.id";
          sqlOver = sqlPart + sqlOrder + ", id";
        }
        case "COUNT" -> {
          aqlFn = "COUNT()";
          sqlFn = "count(*)";
        }
        case "LAG" -> {
          int k = 1 + random.nextInt(3);
          aqlFn = "LAG(d." + arg + ", " + k + ", -1)";
          sqlFn = "lag(" + arg + ", " + k + ", -1)";
          aqlOver = part + aqlOrder + ", d.id";
          sqlOver = sqlPart + sqlOrder + ", id";
        }
        default -> {
          aqlFn = fn + "(d." + arg + ")";
          sqlFn = fn.toLowerCase(java.util.Locale.ROOT) + "(" + arg + ")";
        }
      }
      if (fn.equals("SUM")) {
        return windowPair(aqlFn, aqlOver, "COALESCE(" + sqlFn + " OVER (" + sqlOver + "), 0)");
      }
    }
    return windowPair(aqlFn, aqlOver, sqlFn + " OVER (" + sqlOver + ")");
  }

  private Pair windowPair(String aqlFn, String aqlOver, String sqlWindow) {
    Pred p = random.nextInt(3) == 0 ? predicate(1) : null;
    return new Pair(
        "window",
        "FOR d IN "
            + collection()
            + (p == null ? "" : " FILTER " + p.aql)
            + " LET w = "
            + aqlFn
            + " OVER ("
            + aqlOver
            + ") RETURN [d.id, w]",
        "SELECT id, " + sqlWindow + " FROM t" + (p == null ? "" : " WHERE " + p.sql),
        false);
  }

  /**
   * Arithmetic, functions and the ternary. AQL casts null to 0 or "" where SQL propagates NULL, so
   * the SQL coalesces; AQL divides as doubles and gives null for a division by zero.
   */
  private static final String[][] EXPRESSIONS = {
    {"d.a + d.b", "COALESCE(a, 0) + COALESCE(b, 0)"},
    {"d.a * 3 - d.id", "COALESCE(a, 0) * 3 - id"},
    {"d.a % 7", "COALESCE(a, 0) % 7"},
    {"d.b / 4", "COALESCE(b, 0) / 4.0"},
    {
      "d.a / (d.id % 5)",
      "CASE WHEN id % 5 = 0 THEN NULL ELSE COALESCE(a, 0)::float8 / (id % 5) END"
    },
    {"ABS(d.a)", "abs(COALESCE(a, 0))"},
    {"FLOOR(d.b)", "floor(COALESCE(b, 0))"},
    {"CEIL(d.b)", "ceil(COALESCE(b, 0))"},
    {"CHAR_LENGTH(d.s)", "char_length(COALESCE(s, ''))"},
    {"CONCAT(d.g, '-', d.s)", "COALESCE(g, '') || '-' || COALESCE(s, '')"},
    {"SUBSTRING(d.s, 1, 2)", "substr(COALESCE(s, ''), 2, 2)"},
    {"d.a == null ? 'none' : d.g", "CASE WHEN a IS NULL THEN 'none' ELSE g END"},
    {"STARTS_WITH(d.s, 'a')", "COALESCE(s, '') LIKE 'a%'"},
    {
      "d.a IN [1, 2, 3] || d.g == 'x'",
      "(a IN (1, 2, 3) AND a IS NOT NULL) OR g IS NOT DISTINCT FROM 'x'"
    },
  };

  private Pair expressions() {
    String[] e1 = EXPRESSIONS[random.nextInt(EXPRESSIONS.length)];
    String[] e2 = EXPRESSIONS[random.nextInt(EXPRESSIONS.length)];
    String[] numeric = EXPRESSIONS[random.nextInt(8)];
    int bound = random.nextInt(21) - 10;
    boolean filter = random.nextBoolean();
    return new Pair(
        "expression",
        "FOR d IN "
            + collection()
            + (filter ? " FILTER " + numeric[0] + " > " + bound : "")
            + " SORT d.id RETURN [d.id, "
            + e1[0]
            + ", "
            + e2[0]
            + "]",
        "SELECT id, "
            + e1[1]
            + ", "
            + e2[1]
            + " FROM t"
            + (filter ? " WHERE (" + numeric[1] + ") > " + bound : "")
            + " ORDER BY id",
        true);
  }

  /** A ROWS frame in both languages; AQL's default is SQL's ROWS (not RANGE) to the current row. */
  private String[] frame() {
    return switch (random.nextInt(6)) {
      case 0 -> new String[] {"", " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"};
      case 1 -> {
        int n = random.nextInt(4);
        yield new String[] {
          " ROWS " + n + " PRECEDING", " ROWS BETWEEN " + n + " PRECEDING AND CURRENT ROW"
        };
      }
      case 2 -> {
        String f = " ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING";
        yield new String[] {f, f};
      }
      case 3 -> {
        String f = " ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING";
        yield new String[] {f, f};
      }
      case 4 -> {
        String f = " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING";
        yield new String[] {f, f};
      }
      default -> {
        String f = " ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING";
        yield new String[] {f, f};
      }
    };
  }

  private Pred predicate(int depth) {
    if (depth > 0 && random.nextInt(3) == 0) {
      int shape = random.nextInt(3);
      Pred l = predicate(depth - 1);
      if (shape == 0) {
        return new Pred("NOT (" + l.aql + ")", "NOT (" + l.sql + ")");
      }
      Pred r = predicate(depth - 1);
      String op = shape == 1 ? "AND" : "OR";
      return new Pred(
          "(" + l.aql + " " + op + " " + r.aql + ")", "(" + l.sql + " " + op + " " + r.sql + ")");
    }
    return switch (random.nextInt(6)) {
      case 0, 1 -> comparison();
      case 2 -> {
        String col = pick("a", "b", "s", "g");
        boolean isNull = random.nextBoolean();
        yield new Pred(
            "d." + col + (isNull ? " == null" : " != null"),
            col + (isNull ? " IS NULL" : " IS NOT NULL"));
      }
      case 3 -> in();
      case 4 -> {
        String pattern = LIKES[random.nextInt(LIKES.length)];
        // AQL's LIKE reads null as "", so "%" matches a missing s; SQL's LIKE on NULL is unknown.
        yield new Pred("d.s LIKE '" + pattern + "'", "(COALESCE(s, '') LIKE '" + pattern + "')");
      }
      default -> {
        String g = GROUPS[random.nextInt(GROUPS.length)];
        yield new Pred("d.g == '" + g + "'", "(g IS NOT NULL AND g = '" + g + "')");
      }
    };
  }

  /** {@code col op constant}: in AQL null is below every number and string, never unknown. */
  private Pred comparison() {
    String col = pick("a", "b", "s");
    String op = CMP[random.nextInt(CMP.length)];
    String constant =
        switch (col) {
          case "a" -> Integer.toString(random.nextInt(41) - 20);
          case "b" -> Double.toString((random.nextInt(81) - 40) / 4.0);
          default -> "'" + STRINGS[random.nextInt(STRINGS.length)] + "'";
        };
    boolean nullPasses = op.equals("!=") || op.equals("<") || op.equals("<=");
    String sqlOp = op.equals("==") ? "=" : op.equals("!=") ? "<>" : op;
    String sql =
        nullPasses
            ? "(" + col + " IS NULL OR " + col + " " + sqlOp + " " + constant + ")"
            : "(" + col + " IS NOT NULL AND " + col + " " + sqlOp + " " + constant + ")";
    return new Pred("d." + col + " " + op + " " + constant, sql);
  }

  private Pred in() {
    if (random.nextBoolean()) {
      List<String> values = new ArrayList<>();
      for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
        values.add(Integer.toString(random.nextInt(41) - 20));
      }
      String list = String.join(", ", values);
      return new Pred("d.a IN [" + list + "]", "(a IS NOT NULL AND a IN (" + list + "))");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
      values.add("'" + STRINGS[random.nextInt(STRINGS.length)] + "'");
    }
    String list = String.join(", ", values);
    return new Pred("d.s NOT IN [" + list + "]", "(s IS NULL OR s NOT IN (" + list + "))");
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }
}
