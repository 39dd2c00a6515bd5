package io.themisdb.engine.keys;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The value order index keys follow (AQL type order), defined on the values themselves; {@link
 * KeyEncoding} must agree with it byte for byte, and the property test checks that it does.
 */
public final class KeyOrder implements Comparator<JsonNode> {

  public static final KeyOrder INSTANCE = new KeyOrder();

  private KeyOrder() {}

  @Override
  public int compare(JsonNode a, JsonNode b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return switch (ra) {
      case 0 -> 0;
      case 1 -> Boolean.compare(a.booleanValue(), b.booleanValue());
      case 2 -> compareNumbers(a, b);
      case 3 -> compareStrings(a.stringValue(), b.stringValue());
      case 4 -> compareArrays(a, b);
      default -> compareObjects(a, b);
    };
  }

  private static int rank(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return 0;
    }
    if (v.isBoolean()) {
      return 1;
    }
    if (v.isNumber()) {
      return 2;
    }
    if (v.isString()) {
      return 3;
    }
    if (v.isArray()) {
      return 4;
    }
    if (v.isObject()) {
      return 5;
    }
    throw new IllegalArgumentException("no key order for " + v.getNodeType());
  }

  private static int compareNumbers(JsonNode a, JsonNode b) {
    boolean infiniteA = isInfinite(a);
    boolean infiniteB = isInfinite(b);
    if (infiniteA || infiniteB) {
      double da = infiniteA ? a.doubleValue() : 0;
      double db = infiniteB ? b.doubleValue() : 0;
      return Double.compare(da, db);
    }
    return exactValue(a).compareTo(exactValue(b));
  }

  private static boolean isInfinite(JsonNode n) {
    if (n.isDouble() || n.isFloat()) {
      double d = n.doubleValue();
      if (Double.isNaN(d)) {
        throw new IllegalArgumentException("NaN has no key order");
      }
      return Double.isInfinite(d);
    }
    return false;
  }

  /** The exact value of a finite number: the oracle that the encoding's shorter form must match. */
  static BigDecimal exactValue(JsonNode n) {
    if (n.isIntegralNumber()) {
      return n.isBigInteger()
          ? new BigDecimal(n.bigIntegerValue())
          : BigDecimal.valueOf(n.longValue());
    }
    if (n.isBigDecimal()) {
      return new BigDecimal(n.decimalValue().doubleValue());
    }
    return new BigDecimal(n.doubleValue());
  }

  static int compareStrings(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private int compareArrays(JsonNode a, JsonNode b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private int compareObjects(JsonNode a, JsonNode b) {
    Iterator<Map.Entry<byte[], JsonNode>> ia = KeyEncoding.sortedEntries(a).entrySet().iterator();
    Iterator<Map.Entry<byte[], JsonNode>> ib = KeyEncoding.sortedEntries(b).entrySet().iterator();
    while (ia.hasNext() && ib.hasNext()) {
      Map.Entry<byte[], JsonNode> ea = ia.next();
      Map.Entry<byte[], JsonNode> eb = ib.next();
      int c = Arrays.compareUnsigned(ea.getKey(), eb.getKey());
      if (c != 0) {
        return c;
      }
      c = compare(ea.getValue(), eb.getValue());
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(ia.hasNext(), ib.hasNext());
  }
}
