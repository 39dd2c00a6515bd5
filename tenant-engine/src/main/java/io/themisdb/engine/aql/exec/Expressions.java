package io.themisdb.engine.aql.exec;

import io.themisdb.engine.aql.AqlExecutionException;
import io.themisdb.engine.aql.ast.Expr.BinaryOp;
import io.themisdb.engine.aql.ast.Expr.Quantifier;
import io.themisdb.engine.aql.functions.Patterns;
import io.themisdb.engine.aql.value.Values;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** The operators of AQL expressions on values. */
public final class Expressions {
  private static final long MAX_RANGE = 10_000_000;

  private Expressions() {}

  public static JsonNode binary(BinaryOp op, JsonNode a, JsonNode b) {
    return switch (op) {
      case ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO -> arithmetic(op, a, b);
      case EQ -> Values.bool(Values.equal(a, b));
      case NE -> Values.bool(!Values.equal(a, b));
      case LT -> Values.bool(Values.compare(a, b) < 0);
      case LE -> Values.bool(Values.compare(a, b) <= 0);
      case GT -> Values.bool(Values.compare(a, b) > 0);
      case GE -> Values.bool(Values.compare(a, b) >= 0);
      case IN -> Values.bool(in(a, b));
      case NOT_IN -> Values.bool(!in(a, b));
      case LIKE -> Values.bool(like(a, b));
      case NOT_LIKE -> Values.bool(!like(a, b));
      case REGEX -> Values.bool(regex(a, b));
      case NOT_REGEX -> Values.bool(!regex(a, b));
      case AND, OR -> throw new IllegalStateException("logical operators short-circuit");
    };
  }

  /** Arithmetic on TO_NUMBER of both sides; exact for integers, null for division by zero. */
  public static JsonNode arithmetic(BinaryOp op, JsonNode a, JsonNode b) {
    JsonNode x = Values.toNumber(a);
    JsonNode y = Values.toNumber(b);
    if (Values.isLong(x) && Values.isLong(y)) {
      long l = x.longValue();
      long r = y.longValue();
      try {
        switch (op) {
          case ADD:
            return Values.number(Math.addExact(l, r));
          case SUBTRACT:
            return Values.number(Math.subtractExact(l, r));
          case MULTIPLY:
            return Values.number(Math.multiplyExact(l, r));
          case MODULO:
            return r == 0 ? Values.NULL : Values.number(l % r);
          case DIVIDE:
            if (r == 0) {
              return Values.NULL;
            }
            if (l % r == 0) {
              return Values.number(l / r);
            }
            break;
          default:
            break;
        }
      } catch (ArithmeticException overflow) {
        // continue in floating point
      }
    }
    double l = Values.toDouble(x);
    double r = Values.toDouble(y);
    return switch (op) {
      case ADD -> Values.number(l + r);
      case SUBTRACT -> Values.number(l - r);
      case MULTIPLY -> Values.number(l * r);
      case DIVIDE -> r == 0 ? Values.NULL : Values.number(l / r);
      case MODULO -> r == 0 ? Values.NULL : Values.number(l % r);
      default -> throw new IllegalStateException(op + " is not arithmetic");
    };
  }

  public static JsonNode negate(JsonNode v) {
    JsonNode n = Values.toNumber(v);
    if (Values.isLong(n) && n.longValue() != Long.MIN_VALUE) {
      return Values.number(-n.longValue());
    }
    return Values.number(-Values.toDouble(n));
  }

  /** {@code a IN b}: whether the array b holds a value equal to a; false if b is no array. */
  public static boolean in(JsonNode a, JsonNode b) {
    if (b == null || !b.isArray()) {
      return false;
    }
    for (JsonNode v : b.values()) {
      if (Values.equal(a, v)) {
        return true;
      }
    }
    return false;
  }

  private static boolean like(JsonNode text, JsonNode pattern) {
    return Patterns.like(Values.toText(pattern), false).matcher(Values.toText(text)).matches();
  }

  private static boolean regex(JsonNode text, JsonNode pattern) {
    try {
      return Patterns.regex(Values.toText(pattern), false).matcher(Values.toText(text)).find();
    } catch (PatternSyntaxException e) {
      throw new AqlExecutionException("invalid regular expression: " + e.getDescription());
    }
  }

  /** {@code a ANY|ALL|NONE op b}; an empty array is true for ALL and NONE, false for ANY. */
  public static JsonNode quantified(Quantifier q, BinaryOp op, JsonNode array, JsonNode b) {
    if (!array.isArray()) {
      return Values.FALSE;
    }
    int matched = 0;
    for (JsonNode v : array.values()) {
      if (Values.truthy(binary(op, v, b))) {
        matched++;
      }
    }
    return Values.bool(
        switch (q) {
          case ANY -> matched > 0;
          case ALL -> matched == array.size();
          case NONE -> matched == 0;
        });
  }

  /** {@code from..to}: the integers between both, ascending or descending. */
  public static JsonNode range(JsonNode from, JsonNode to) {
    long a = (long) Values.toDouble(from);
    long b = (long) Values.toDouble(to);
    if (Math.abs(b - a) >= MAX_RANGE) {
      throw new AqlExecutionException(
          "range " + a + ".." + b + " has more than " + MAX_RANGE + " values");
    }
    ArrayNode out = Values.array();
    long step = a <= b ? 1 : -1;
    for (long i = a; i != b + step; i += step) {
      out.add(i);
    }
    return out;
  }

  /** {@code value[index]}: array position (negative from the end) or attribute name. */
  public static JsonNode index(JsonNode value, JsonNode index) {
    if (value.isArray()) {
      if (!index.isNumber() && !(index.isString() && index.stringValue().matches("-?[0-9]+"))) {
        return Values.NULL;
      }
      int i = (int) Values.toDouble(index);
      i = i < 0 ? value.size() + i : i;
      return i >= 0 && i < value.size() ? value.get(i) : Values.NULL;
    }
    if (value.isObject()) {
      return Values.attribute(value, Values.toText(index));
    }
    return Values.NULL;
  }
}
