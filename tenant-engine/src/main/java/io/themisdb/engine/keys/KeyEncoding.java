package io.themisdb.engine.keys;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Order-preserving, type-tagged, memcomparable encoding of JSON values for index keys: the unsigned
 * byte order of two encodings equals {@link KeyOrder} of the values, so RocksDB's default bytewise
 * comparator sorts index entries in AQL type order (null &lt; false &lt; true &lt; numbers &lt;
 * strings &lt; arrays &lt; objects). Every encoding is prefix-free, so a tuple is the plain
 * concatenation of its elements and still compares element by element.
 *
 * <p>Numbers are encoded as a sign tag, a decimal exponent and the decimal digits, which orders
 * int, long and double values exactly and numerically (never as strings). NaN is rejected;
 * infinities have their own tags at both ends of the number range. -0.0 encodes as 0.
 */
public final class KeyEncoding {

  static final int END = 0x00;
  static final int ENTRY = 0x01;
  static final int NULL = 0x05;
  static final int FALSE = 0x06;
  static final int TRUE = 0x07;
  static final int NEGATIVE_INFINITY = 0x10;
  static final int NEGATIVE = 0x11;
  static final int ZERO = 0x12;
  static final int POSITIVE = 0x13;
  static final int POSITIVE_INFINITY = 0x14;
  static final int STRING = 0x20;
  static final int ARRAY = 0x30;
  static final int OBJECT = 0x40;

  /** Within strings 0x00 is written as 0x00 0xFF, so 0x00 alone can terminate the string. */
  private static final int ESCAPE = 0xFF;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private KeyEncoding() {}

  /** Encodes one value. */
  public static byte[] encode(JsonNode value) {
    KeyBuffer out = new KeyBuffer(16);
    write(value, out);
    return out.toByteArray();
  }

  /** Encodes values as a tuple: compares element by element, a shorter prefix first. */
  public static byte[] encodeTuple(List<? extends JsonNode> values) {
    KeyBuffer out = new KeyBuffer(16 * values.size() + 4);
    for (JsonNode v : values) {
      write(v, out);
    }
    return out.toByteArray();
  }

  /** Appends the encoding of {@code value} to {@code out}. */
  public static void write(JsonNode value, KeyBuffer out) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      out.put(NULL);
    } else if (value.isBoolean()) {
      out.put(value.booleanValue() ? TRUE : FALSE);
    } else if (value.isNumber()) {
      writeNumber(value, out);
    } else if (value.isString()) {
      out.put(STRING);
      writeStringBody(value.stringValue(), out);
      out.put(END);
    } else if (value.isArray()) {
      out.put(ARRAY);
      for (JsonNode element : value) {
        write(element, out);
      }
      out.put(END);
    } else if (value.isObject()) {
      out.put(OBJECT);
      for (Map.Entry<byte[], JsonNode> e : sortedEntries(value).entrySet()) {
        out.put(ENTRY);
        writeEscaped(e.getKey(), out);
        out.put(END);
        write(e.getValue(), out);
      }
      out.put(END);
    } else {
      throw new IllegalArgumentException("cannot encode " + value.getNodeType() + " as a key");
    }
  }

  /**
   * The bytes every encoded string starting with {@code prefix} starts with: a string-prefix scan
   * covers {@code [stringPrefix(p), KeyRanges.prefixEnd(stringPrefix(p)))}.
   */
  public static byte[] stringPrefix(String prefix) {
    KeyBuffer out = new KeyBuffer(prefix.length() + 2);
    out.put(STRING);
    writeStringBody(prefix, out);
    return out.toByteArray();
  }

  /** Decodes one value encoded by {@link #encode}. */
  public static JsonNode decode(byte[] key) {
    KeyReader in = new KeyReader(key, 0);
    JsonNode v = in.read();
    if (in.position() != key.length) {
      throw new IllegalArgumentException("trailing bytes after key value");
    }
    return v;
  }

  /** Decodes a tuple encoded by {@link #encodeTuple} from {@code key[offset..end)}. */
  public static List<JsonNode> decodeTuple(byte[] key, int offset, int end) {
    KeyReader in = new KeyReader(key, offset);
    List<JsonNode> values = new ArrayList<>();
    while (in.position() < end) {
      values.add(in.read());
    }
    return values;
  }

  /** Decodes {@code count} values from {@code key} at {@code offset}; returns the end offset. */
  public static int decodeInto(byte[] key, int offset, int count, List<JsonNode> values) {
    KeyReader in = new KeyReader(key, offset);
    for (int i = 0; i < count; i++) {
      values.add(in.read());
    }
    return in.position();
  }

  static TreeMap<byte[], JsonNode> sortedEntries(JsonNode object) {
    TreeMap<byte[], JsonNode> sorted = new TreeMap<>(java.util.Arrays::compareUnsigned);
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      sorted.put(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue());
    }
    return sorted;
  }

  private static void writeStringBody(String s, KeyBuffer out) {
    writeEscaped(s.getBytes(StandardCharsets.UTF_8), out);
  }

  private static void writeEscaped(byte[] bytes, KeyBuffer out) {
    for (byte b : bytes) {
      out.put(b & 0xFF);
      if (b == 0) {
        out.put(ESCAPE);
      }
    }
  }

  private static void writeNumber(JsonNode n, KeyBuffer out) {
    if (!n.isIntegralNumber()) {
      double d = n.isBigDecimal() ? n.decimalValue().doubleValue() : n.doubleValue();
      if (Double.isNaN(d)) {
        throw new IllegalArgumentException("NaN cannot be an index key");
      }
      if (Double.isInfinite(d)) {
        out.put(d > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY);
        return;
      }
    }
    if (n.isIntegralNumber() && !n.isBigInteger()) {
      // Most index keys are ints and longs: their digits without BigDecimal arithmetic.
      long v = n.longValue();
      if (v == 0) {
        out.put(ZERO);
        return;
      }
      String all = v == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(v));
      int end = all.length();
      while (all.charAt(end - 1) == '0') {
        end--;
      }
      writeMantissa(v < 0, all.length(), all.substring(0, end), out);
      return;
    }
    BigDecimal value = keyDecimal(n);
    if (value.signum() == 0) {
      out.put(ZERO);
      return;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    writeMantissa(
        stripped.signum() < 0,
        stripped.precision() - stripped.scale(),
        stripped.unscaledValue().abs().toString(),
        out);
  }

  /**
   * A non-zero number as sign, exponent and digits: value = 0.d1d2d3... * 10^exponent with d1 != 0
   * and no trailing zero digit.
   */
  private static void writeMantissa(boolean negative, int exponent, String digits, KeyBuffer out) {
    int invert = negative ? 0xFF : 0x00;
    out.put(negative ? NEGATIVE : POSITIVE);
    int biased = exponent ^ 0x80000000;
    out.put(((biased >>> 24) & 0xFF) ^ invert);
    out.put(((biased >>> 16) & 0xFF) ^ invert);
    out.put(((biased >>> 8) & 0xFF) ^ invert);
    out.put((biased & 0xFF) ^ invert);
    for (int i = 0; i < digits.length(); i++) {
      out.put((digits.charAt(i) - '0' + 1) ^ invert);
    }
    // A shorter mantissa with equal leading digits is the smaller magnitude.
    out.put(END ^ invert);
  }

  /**
   * The decimal written for a finite number. Integral values are exact; a non-integral double uses
   * its shortest decimal form, which keeps keys short (0.1, not 55 digits) and still orders
   * exactly: the shortest form lies inside the double's rounding interval, which holds no other
   * double and no integer other than an integral double's own value.
   */
  static BigDecimal keyDecimal(JsonNode n) {
    if (n.isIntegralNumber()) {
      return n.isBigInteger()
          ? new BigDecimal(n.bigIntegerValue())
          : BigDecimal.valueOf(n.longValue());
    }
    // BigDecimal values (only from non-default parsers) are ordered as the doubles they round to.
    double d = n.isBigDecimal() ? n.decimalValue().doubleValue() : n.doubleValue();
    if (d == Math.rint(d)) {
      return new BigDecimal(d);
    }
    return new BigDecimal(Double.toString(d));
  }

  /** Reads values back; keeps the position so tuples can be read element by element. */
  private static final class KeyReader {
    private final byte[] bytes;
    private int pos;

    KeyReader(byte[] bytes, int pos) {
      this.bytes = bytes;
      this.pos = pos;
    }

    int position() {
      return pos;
    }

    private int next() {
      if (pos >= bytes.length) {
        throw new IllegalArgumentException("truncated key");
      }
      return bytes[pos++] & 0xFF;
    }

    JsonNode read() {
      int tag = next();
      return switch (tag) {
        case NULL -> NODES.nullNode();
        case FALSE -> NODES.booleanNode(false);
        case TRUE -> NODES.booleanNode(true);
        case NEGATIVE_INFINITY -> NODES.numberNode(Double.NEGATIVE_INFINITY);
        case POSITIVE_INFINITY -> NODES.numberNode(Double.POSITIVE_INFINITY);
        case ZERO -> NODES.numberNode(0);
        case NEGATIVE, POSITIVE -> readNumber(tag == NEGATIVE);
        case STRING -> NODES.stringNode(new String(readEscaped(), StandardCharsets.UTF_8));
        case ARRAY -> readArray();
        case OBJECT -> readObject();
        default -> throw new IllegalArgumentException("unknown key tag " + tag);
      };
    }

    private byte[] readEscaped() {
      KeyBuffer out = new KeyBuffer(16);
      while (true) {
        int b = next();
        if (b == 0) {
          if (pos < bytes.length && (bytes[pos] & 0xFF) == ESCAPE) {
            pos++;
            out.put(0);
          } else {
            return out.toByteArray();
          }
        } else {
          out.put(b);
        }
      }
    }

    private ArrayNode readArray() {
      ArrayNode array = NODES.arrayNode();
      while ((bytes[pos] & 0xFF) != END) {
        array.add(read());
      }
      pos++;
      return array;
    }

    private ObjectNode readObject() {
      ObjectNode object = NODES.objectNode();
      while (next() == ENTRY) {
        String name = new String(readEscaped(), StandardCharsets.UTF_8);
        object.set(name, read());
      }
      return object;
    }

    private JsonNode readNumber(boolean negative) {
      int invert = negative ? 0xFF : 0x00;
      int biased = 0;
      for (int i = 0; i < 4; i++) {
        biased = (biased << 8) | (next() ^ invert);
      }
      int exponent = biased ^ 0x80000000;
      StringBuilder digits = new StringBuilder();
      for (int b = next() ^ invert; b != END; b = next() ^ invert) {
        digits.append((char) ('0' + b - 1));
      }
      if (exponent >= digits.length() && exponent <= 18) {
        // An integer below 10^18, the usual index key: no BigDecimal (as canonicalNumber answers).
        long v =
            Long.parseLong(digits, 0, digits.length(), 10)
                * POWERS_OF_TEN[exponent - digits.length()];
        v = negative ? -v : v;
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
      }
      BigDecimal magnitude =
          new BigDecimal(new BigInteger(digits.toString()), digits.length() - exponent);
      return canonicalNumber(negative ? magnitude.negate() : magnitude);
    }
  }

  private static final long[] POWERS_OF_TEN = new long[19];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  /**
   * The canonical node for a numeric value: int or long when integral and in range, double when the
   * value is a double exactly or not integral, BigInteger otherwise. Equal numbers share one
   * encoding, so decoding cannot tell 1 from 1.0 and answers the integer.
   */
  static JsonNode canonicalNumber(BigDecimal value) {
    BigDecimal v = value.stripTrailingZeros();
    if (v.scale() <= 0) {
      BigInteger integer = v.toBigIntegerExact();
      if (integer.bitLength() < 32) {
        return NODES.numberNode(integer.intValue());
      }
      if (integer.bitLength() < 64) {
        return NODES.numberNode(integer.longValue());
      }
      double d = integer.doubleValue();
      if (!Double.isInfinite(d) && new BigDecimal(d).compareTo(v) == 0) {
        return NODES.numberNode(d);
      }
      return NODES.numberNode(integer);
    }
    return NODES.numberNode(v.doubleValue());
  }
}
