package io.themisdb.engine.aql.functions;

import static io.themisdb.engine.aql.value.Values.NULL;

import io.themisdb.engine.aql.value.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Aggregates over a list of values, shared by the array functions (SUM([..])), COLLECT ...
 * AGGREGATE and window functions. Nulls are ignored except by COUNT.
 */
public final class Statistics {
  private Statistics() {}

  /** Aggregates that are also functions over one array argument: {@code SUM([1, 2])}. */
  static final List<String> OVER_ARRAYS =
      List.of(
          "SUM",
          "AVG",
          "AVERAGE",
          "MIN",
          "MAX",
          "COUNT_DISTINCT",
          "COUNT_UNIQUE",
          "STDDEV",
          "STDDEV_POPULATION",
          "STDDEV_SAMPLE",
          "VARIANCE",
          "VARIANCE_POPULATION",
          "VARIANCE_SAMPLE",
          "UNIQUE",
          "SORTED_UNIQUE");

  private static final Set<String> AGGREGATES = aggregateNames();

  private static Set<String> aggregateNames() {
    Set<String> names = new HashSet<>(OVER_ARRAYS);
    names.addAll(List.of("COUNT", "LENGTH", "PUSH"));
    return Set.copyOf(names);
  }

  /** The names AGGREGATE and window functions accept. */
  public static boolean isAggregate(String name) {
    return AGGREGATES.contains(name);
  }

  public static JsonNode aggregate(String name, List<JsonNode> values) {
    return switch (name) {
      case "COUNT", "LENGTH" -> Values.number(values.size());
      case "SUM" -> sum(values);
      case "AVG", "AVERAGE" -> avg(values);
      case "MIN" -> extreme(values, -1);
      case "MAX" -> extreme(values, 1);
      case "COUNT_DISTINCT", "COUNT_UNIQUE" -> Values.number(distinct(values).size());
      case "STDDEV", "STDDEV_POPULATION" -> root(variance(values, false));
      case "STDDEV_SAMPLE" -> root(variance(values, true));
      case "VARIANCE", "VARIANCE_POPULATION" -> variance(values, false);
      case "VARIANCE_SAMPLE" -> variance(values, true);
      case "UNIQUE" -> unique(values);
      case "SORTED_UNIQUE" -> sortedUnique(values);
      case "PUSH" -> Values.array().addAll(values);
      default -> throw new IllegalArgumentException("no aggregate " + name);
    };
  }

  static JsonNode sum(List<JsonNode> values) {
    long exact = 0;
    double inexact = 0;
    boolean isExact = true;
    for (JsonNode v : values) {
      if (Values.isNull(v)) {
        continue;
      }
      if (isExact && Values.isLong(v)) {
        try {
          exact = Math.addExact(exact, v.longValue());
          continue;
        } catch (ArithmeticException overflow) {
          isExact = false;
          inexact = exact;
        }
      } else if (isExact) {
        isExact = false;
        inexact = exact;
      }
      inexact += Values.toDouble(v);
    }
    return isExact ? Values.number(exact) : Values.number(inexact);
  }

  static JsonNode avg(List<JsonNode> values) {
    double total = 0;
    int n = 0;
    for (JsonNode v : values) {
      if (!Values.isNull(v)) {
        total += Values.toDouble(v);
        n++;
      }
    }
    return n == 0 ? NULL : Values.number(total / n);
  }

  static JsonNode extreme(List<JsonNode> values, int sign) {
    JsonNode best = null;
    for (JsonNode v : values) {
      if (!Values.isNull(v) && (best == null || sign * Values.compare(v, best) > 0)) {
        best = v;
      }
    }
    return best == null ? NULL : best;
  }

  static JsonNode variance(List<JsonNode> values, boolean sample) {
    List<Double> xs = new ArrayList<>();
    for (JsonNode v : values) {
      if (!Values.isNull(v)) {
        xs.add(Values.toDouble(v));
      }
    }
    int n = xs.size();
    if (n == 0 || (sample && n == 1)) {
      return NULL;
    }
    double mean = xs.stream().mapToDouble(Double::doubleValue).sum() / n;
    double sq = 0;
    for (double x : xs) {
      sq += (x - mean) * (x - mean);
    }
    return Values.number(sq / (sample ? n - 1 : n));
  }

  private static JsonNode root(JsonNode variance) {
    return Values.isNull(variance) ? NULL : Values.number(Math.sqrt(variance.doubleValue()));
  }

  static TreeSet<JsonNode> distinct(List<JsonNode> values) {
    TreeSet<JsonNode> set = new TreeSet<>(Values::compare);
    for (JsonNode v : values) {
      set.add(Values.orNull(v));
    }
    return set;
  }

  /** Distinct values in first-seen order. */
  static ArrayNode unique(List<JsonNode> values) {
    TreeSet<JsonNode> seen = new TreeSet<>(Values::compare);
    ArrayNode out = Values.array();
    for (JsonNode v : values) {
      if (seen.add(Values.orNull(v))) {
        out.add(Values.orNull(v));
      }
    }
    return out;
  }

  static ArrayNode sortedUnique(List<JsonNode> values) {
    return Values.array().addAll(distinct(values));
  }
}
