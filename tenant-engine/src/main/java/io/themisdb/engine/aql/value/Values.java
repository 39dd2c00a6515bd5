package io.themisdb.engine.aql.value;

import io.themisdb.engine.keys.KeyOrder;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * AQL value semantics over Jackson trees: truthiness, number and string casts, and comparison in
 * AQL type order (null &lt; bool &lt; number &lt; string &lt; array &lt; object), which is the
 * order {@link KeyOrder} gives index keys. A Java null stands for a missing value and behaves as
 * null.
 */
public final class Values {
  public static final JsonNodeFactory N = JsonNodeFactory.instance;
  public static final JsonNode NULL = N.nullNode();
  public static final JsonNode TRUE = N.booleanNode(true);
  public static final JsonNode FALSE = N.booleanNode(false);
  public static final JsonMapper JSON = JsonMapper.builder().build();

  private Values() {}

  public static JsonNode orNull(JsonNode v) {
    return v == null || v.isMissingNode() ? NULL : v;
  }

  public static boolean isNull(JsonNode v) {
    return v == null || v.isNull() || v.isMissingNode();
  }

  public static JsonNode bool(boolean b) {
    return b ? TRUE : FALSE;
  }

  public static JsonNode number(long v) {
    return N.numberNode(v);
  }

  /** A double as an AQL number; NaN and infinities have no AQL value and become null. */
  public static JsonNode number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return NULL;
    }
    if (v == Math.rint(v) && Math.abs(v) < 9.007199254740992E15 && !(v == 0 && 1 / v < 0)) {
      return N.numberNode((long) v);
    }
    return N.numberNode(v);
  }

  public static JsonNode string(String s) {
    return N.stringNode(s);
  }

  public static ArrayNode array() {
    return N.arrayNode();
  }

  public static ObjectNode object() {
    return N.objectNode();
  }

  /** Whether a long can stand for this number exactly. */
  public static boolean isLong(JsonNode v) {
    return v != null && v.isIntegralNumber() && v.canConvertToLong();
  }

  public static boolean truthy(JsonNode v) {
    if (isNull(v)) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isNumber()) {
      return v.doubleValue() != 0;
    }
    if (v.isString()) {
      return !v.stringValue().isEmpty();
    }
    return true;
  }

  /** TO_NUMBER: null, false, unparsable strings and most arrays and objects are 0. */
  public static double toDouble(JsonNode v) {
    if (isNull(v)) {
      return 0;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? 1 : 0;
    }
    if (v.isString()) {
      String s = v.stringValue().strip();
      if (s.isEmpty()) {
        return 0;
      }
      try {
        double d = Double.parseDouble(s);
        return Double.isFinite(d) ? d : 0;
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    if (v.isArray()) {
      return v.size() == 0 ? 0 : v.size() == 1 ? toDouble(v.get(0)) : 0;
    }
    return 0;
  }

  public static JsonNode toNumber(JsonNode v) {
    if (v != null && v.isNumber()) {
      return v;
    }
    return number(toDouble(v));
  }

  /** TO_STRING: null is "", numbers print without a trailing ".0", containers as JSON. */
  public static String toText(JsonNode v) {
    if (isNull(v)) {
      return "";
    }
    if (v.isString()) {
      return v.stringValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? "true" : "false";
    }
    if (v.isNumber()) {
      if (v.isIntegralNumber()) {
        return v.bigIntegerValue().toString();
      }
      double d = v.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
      return Double.toString(d);
    }
    return JSON.writeValueAsString(v);
  }

  public static String typeName(JsonNode v) {
    if (isNull(v)) {
      return "null";
    }
    if (v.isBoolean()) {
      return "bool";
    }
    if (v.isNumber()) {
      return "number";
    }
    if (v.isString()) {
      return "string";
    }
    return v.isArray() ? "array" : "object";
  }

  /** Compares in AQL type order; numbers by value (1 equals 1.0). */
  public static int compare(JsonNode a, JsonNode b) {
    a = orNull(a);
    b = orNull(b);
    if (a.isNumber() && b.isNumber()) {
      if (isLong(a) && isLong(b)) {
        return Long.compare(a.longValue(), b.longValue());
      }
      if (!a.isBigInteger() && !b.isBigInteger() && !a.isBigDecimal() && !b.isBigDecimal()) {
        double da = a.doubleValue();
        double db = b.doubleValue();
        if (Math.abs(da) < 9.0E15 && Math.abs(db) < 9.0E15) {
          return Double.compare(da == 0 ? 0.0 : da, db == 0 ? 0.0 : db);
        }
      }
    }
    if (a.isString() && b.isString()) {
      return compareStrings(a.stringValue(), b.stringValue());
    }
    return KeyOrder.INSTANCE.compare(a, b);
  }

  /** Strings compare by UTF-8 bytes, as index keys do; for ASCII that is char order. */
  private static int compareStrings(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        if (ca < 0x80 && cb < 0x80) {
          return Character.compare(ca, cb);
        }
        return KeyOrder.INSTANCE.compare(N.stringNode(a), N.stringNode(b));
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  public static boolean equal(JsonNode a, JsonNode b) {
    return compare(a, b) == 0;
  }

  /** {@code object.name}, or null when the value is not an object or has no such attribute. */
  public static JsonNode attribute(JsonNode object, String name) {
    if (object == null || !object.isObject()) {
      return NULL;
    }
    return orNull(object.get(name));
  }

  /** A shallow copy of an object into a fresh node, so that the copy may be changed. */
  public static ObjectNode copy(JsonNode object) {
    ObjectNode out = object();
    Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.set(e.getKey(), e.getValue());
    }
    return out;
  }
}
