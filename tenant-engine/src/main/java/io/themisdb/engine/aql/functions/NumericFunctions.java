package io.themisdb.engine.aql.functions;

import static io.themisdb.engine.aql.value.Values.NULL;
import static io.themisdb.engine.aql.value.Values.number;
import static io.themisdb.engine.aql.value.Values.toDouble;

import io.themisdb.engine.aql.value.Values;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleUnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** Numeric functions; arguments are cast with TO_NUMBER. */
final class NumericFunctions {
  private NumericFunctions() {}

  static void register(FunctionLibrary.Registrar r) {
    unary(r, "ABS", Math::abs);
    unary(r, "FLOOR", Math::floor);
    unary(r, "CEIL", Math::ceil);
    // AQL rounds halves away from zero.
    unary(r, "ROUND", d -> Math.signum(d) * Math.floor(Math.abs(d) + 0.5));
    unary(r, "SQRT", Math::sqrt);
    unary(r, "EXP", Math::exp);
    unary(r, "EXP2", d -> Math.pow(2, d));
    unary(r, "LOG", Math::log);
    unary(r, "LOG2", d -> Math.log(d) / Math.log(2));
    unary(r, "LOG10", Math::log10);
    unary(r, "SIN", Math::sin);
    unary(r, "COS", Math::cos);
    unary(r, "TAN", Math::tan);
    unary(r, "ASIN", Math::asin);
    unary(r, "ACOS", Math::acos);
    unary(r, "ATAN", Math::atan);
    unary(r, "RADIANS", Math::toRadians);
    unary(r, "DEGREES", Math::toDegrees);
    r.add("POW", 2, 2, (a, c) -> number(Math.pow(toDouble(a.get(0)), toDouble(a.get(1)))));
    r.add("ATAN2", 2, 2, (a, c) -> number(Math.atan2(toDouble(a.get(0)), toDouble(a.get(1)))));
    r.add("PI", 0, 0, (a, c) -> Values.N.numberNode(Math.PI));
    r.add("RAND", 0, 0, (a, c) -> Values.N.numberNode(ThreadLocalRandom.current().nextDouble()));
    r.add("RANGE", 2, 3, (a, c) -> range(a.get(0), a.get(1), a.size() > 2 ? a.get(2) : null));
  }

  private static void unary(FunctionLibrary.Registrar r, String name, DoubleUnaryOperator op) {
    r.add(
        name,
        1,
        1,
        (a, c) -> {
          JsonNode v = a.get(0);
          if ((name.equals("ABS")
                  || name.equals("FLOOR")
                  || name.equals("CEIL")
                  || name.equals("ROUND"))
              && Values.isLong(v)) {
            return name.equals("ABS") ? number(Math.abs(v.longValue())) : v;
          }
          return number(op.applyAsDouble(toDouble(v)));
        });
  }

  static JsonNode range(JsonNode from, JsonNode to, JsonNode step) {
    double start = toDouble(from);
    double stop = toDouble(to);
    double by = step == null || Values.isNull(step) ? (start <= stop ? 1 : -1) : toDouble(step);
    if (by == 0 || (stop - start) / by < 0) {
      return NULL;
    }
    ArrayNode out = Values.array();
    long n = (long) Math.floor((stop - start) / by) + 1;
    if (n > 10_000_000) {
      throw new io.themisdb.engine.aql.AqlExecutionException(
          "RANGE would produce " + n + " values; the limit is 10,000,000");
    }
    for (long i = 0; i < n; i++) {
      out.add(number(start + i * by));
    }
    return out;
  }
}
