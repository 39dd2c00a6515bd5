package io.themisdb.engine.keys;

import java.math.BigInteger;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random JSON values biased towards the cases key encodings get wrong: numbers near type limits,
 * mixed int/long/double, -0.0, strings with NUL and characters outside the BMP.
 */
public final class RandomValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] ALPHABET = {
    "a",
    "b",
    "z",
    "A",
    "0",
    "\u0000",
    "\u0001",
    "\u00ff",
    "\u00e9",
    "\uffff",
    "\ud83d\ude00",
    " ",
    "\u007f",
    "\u0800"
  };

  private final Random random;
  private final boolean canonical;

  /**
   * @param canonical only the node types decoding gives back (int in int range, long outside it,
   *     double for non-integral values), so {@code decode(encode(x))} can be compared with equals
   */
  public RandomValues(Random random, boolean canonical) {
    this.random = random;
    this.canonical = canonical;
  }

  public JsonNode value(int depth) {
    int kind = random.nextInt(depth > 0 ? 9 : 7);
    return switch (kind) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2, 3, 4 -> number();
      case 5, 6 -> NODES.stringNode(string());
      case 7 -> array(depth - 1);
      default -> object(depth - 1);
    };
  }

  public String string() {
    int length = random.nextInt(6);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return s.toString();
  }

  private ArrayNode array(int depth) {
    ArrayNode a = NODES.arrayNode();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      a.add(value(depth));
    }
    return a;
  }

  private ObjectNode object(int depth) {
    ObjectNode o = NODES.objectNode();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      o.set(string(), value(depth));
    }
    return o;
  }

  public JsonNode number() {
    switch (random.nextInt(canonical ? 8 : 12)) {
      case 0:
        return NODES.numberNode(random.nextInt(21) - 10);
      case 1:
        return NODES.numberNode(random.nextInt());
      case 2:
        return longNode(random.nextLong());
      case 3:
        {
          long[] edges = {
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            (1L << 53) + 1,
            -(1L << 53) - 1,
            1L << 60,
            (1L << 60) + 1
          };
          return longNode(edges[random.nextInt(edges.length)] + random.nextInt(3) - 1);
        }
      case 4:
        return fraction((random.nextInt(2001) - 1000) / 8.0 + 0.125);
      case 5:
        return fraction(Double.longBitsToDouble(random.nextLong()));
      case 6:
        return fraction(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
      case 7:
        return NODES.numberNode(
            random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
      case 8:
        return NODES.numberNode(random.nextBoolean() ? -0.0 : 0.0);
      case 9:
        return NODES.numberNode((double) (random.nextLong() >> random.nextInt(64)));
      case 10:
        return NODES.numberNode((long) random.nextInt(100));
      default:
        return NODES.numberNode(new BigInteger(80, random).subtract(BigInteger.ONE.shiftLeft(79)));
    }
  }

  private JsonNode longNode(long v) {
    if (canonical && v == (int) v) {
      return NODES.numberNode((int) v);
    }
    return NODES.numberNode(v);
  }

  private JsonNode fraction(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d) || (canonical && d == Math.rint(d))) {
      return NODES.numberNode(0.5);
    }
    return NODES.numberNode(d);
  }
}
