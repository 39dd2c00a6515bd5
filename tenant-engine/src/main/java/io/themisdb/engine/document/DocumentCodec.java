package io.themisdb.engine.document;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored form of a document: a compact binary layout whose fields can be read without decoding
 * the whole document (issue #3: parsing JSON text costs about two thirds of a RocksDB read).
 *
 * <pre>
 * document := FORMAT_VERSION object
 * value    := tag payload
 *   NULL, FALSE, TRUE                 no payload
 *   INT i32 | LONG i64 | DOUBLE f64   big-endian
 *   STRING, BIG_INTEGER, DECIMAL      u32 length, UTF-8 bytes (numbers as decimal text)
 *   ARRAY   u32 size, u32 count, count x u32 offset, elements
 *   OBJECT  u32 size, u32 count, count x (u32 nameOffset, u32 valueOffset), names, values
 * </pre>
 *
 * Sizes count from the tag; offsets are relative to the tag of the array or object. An object's
 * field table is sorted by the UTF-8 bytes of the names, so one field is found by binary search.
 * Field order of the input is not kept (JSON objects are unordered).
 */
public final class DocumentCodec {

  static final byte FORMAT_VERSION = 1;
  private static final int NULL = 0;
  private static final int FALSE = 1;
  private static final int TRUE = 2;
  private static final int INT = 3;
  private static final int LONG = 4;
  private static final int DOUBLE = 5;
  private static final int STRING = 6;
  private static final int ARRAY = 7;
  private static final int OBJECT = 8;
  private static final int BIG_INTEGER = 9;
  private static final int DECIMAL = 10;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private DocumentCodec() {}

  /** Encodes a JSON object; other node kinds (binary, POJO) fail with IllegalArgumentException. */
  public static byte[] encode(ObjectNode document) {
    Writer w = WRITERS.get();
    try {
      w.u8(FORMAT_VERSION);
      w.value(document);
      return w.toByteArray();
    } finally {
      w.reset();
    }
  }

  /**
   * One reusable buffer per thread: growing a fresh one from a small size copied a 1 KB document
   * three times over (issue #3 insert profile). A buffer grown past RETAINED_BYTES by a large
   * document is dropped after use rather than kept.
   */
  private static final int INITIAL_BYTES = 4 << 10;

  private static final int RETAINED_BYTES = 64 << 10;
  private static final ThreadLocal<Writer> WRITERS =
      ThreadLocal.withInitial(() -> new Writer(INITIAL_BYTES));

  public static ObjectNode decode(byte[] bytes) {
    checkVersion(bytes);
    return (ObjectNode) read(bytes, 1);
  }

  /**
   * The named top-level attributes of a stored document and nothing else: missing ones are left
   * out. Queries that read a few attributes of every document (a full-scan FILTER, an aggregate)
   * decode these instead of the whole document.
   */
  public static ObjectNode decodeFields(byte[] bytes, Fields fields) {
    checkVersion(bytes);
    ObjectNode object = objectNode(fields.names.length);
    for (int i = 0; i < fields.names.length; i++) {
      int offset = findField(bytes, 1, fields.utf8[i]);
      if (offset >= 0) {
        object.set(fields.names[i], read(bytes, offset));
      }
    }
    return object;
  }

  /** Top-level attribute names for {@link #decodeFields}, encoded once. */
  public static final class Fields {
    private final String[] names;
    private final byte[][] utf8;

    public Fields(java.util.Collection<String> names) {
      this.names = names.toArray(String[]::new);
      this.utf8 = new byte[this.names.length][];
      for (int i = 0; i < this.names.length; i++) {
        utf8[i] = this.names[i].getBytes(StandardCharsets.UTF_8);
      }
    }

    public java.util.List<String> names() {
      return java.util.List.of(names);
    }
  }

  /**
   * Reads the value at a dotted attribute path ({@code "a.b.c"}) without decoding the rest of the
   * document; empty when an attribute is missing or a step is not an object.
   */
  public static Optional<JsonNode> readField(byte[] bytes, String path) {
    checkVersion(bytes);
    int offset = 1;
    int start = 0;
    while (true) {
      int dot = path.indexOf('.', start);
      String name = dot < 0 ? path.substring(start) : path.substring(start, dot);
      offset = findField(bytes, offset, name.getBytes(StandardCharsets.UTF_8));
      if (offset < 0) {
        return Optional.empty();
      }
      if (dot < 0) {
        return Optional.of(read(bytes, offset));
      }
      start = dot + 1;
    }
  }

  /** Reads a top-level string attribute such as {@code _rev}; null when missing or no string. */
  public static String readString(byte[] bytes, String name) {
    checkVersion(bytes);
    int offset = findField(bytes, 1, name.getBytes(StandardCharsets.UTF_8));
    if (offset < 0 || bytes[offset] != STRING) {
      return null;
    }
    return new String(bytes, offset + 5, i32(bytes, offset + 1), StandardCharsets.UTF_8);
  }

  private static void checkVersion(byte[] bytes) {
    if (bytes.length < 2 || bytes[0] != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "not a stored document (format version " + (bytes.length > 0 ? bytes[0] : -1) + ")");
    }
  }

  /** Offset of the value of field {@code name} in the object at {@code object}, or -1. */
  private static int findField(byte[] b, int object, byte[] name) {
    if (b[object] != OBJECT) {
      return -1;
    }
    int low = 0;
    int high = i32(b, object + 5) - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int entry = object + 9 + mid * 8;
      int nameAt = object + i32(b, entry);
      int length = i32(b, nameAt);
      int c = Arrays.compareUnsigned(b, nameAt + 4, nameAt + 4 + length, name, 0, name.length);
      if (c == 0) {
        return object + i32(b, entry + 4);
      } else if (c < 0) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return -1;
  }

  private static JsonNode read(byte[] b, int at) {
    int tag = b[at];
    return switch (tag) {
      case NULL -> NODES.nullNode();
      case FALSE -> NODES.booleanNode(false);
      case TRUE -> NODES.booleanNode(true);
      case INT -> NODES.numberNode(i32(b, at + 1));
      case LONG -> NODES.numberNode(i64(b, at + 1));
      case DOUBLE -> NODES.numberNode(Double.longBitsToDouble(i64(b, at + 1)));
      case STRING -> NODES.stringNode(text(b, at));
      case BIG_INTEGER -> NODES.numberNode(new BigInteger(text(b, at)));
      case DECIMAL -> NODES.numberNode(new BigDecimal(text(b, at)));
      case ARRAY -> readArray(b, at);
      case OBJECT -> readObject(b, at);
      default -> throw new IllegalArgumentException("corrupt document: tag " + tag + " at " + at);
    };
  }

  private static String text(byte[] b, int at) {
    return new String(b, at + 5, i32(b, at + 1), StandardCharsets.UTF_8);
  }

  private static ArrayNode readArray(byte[] b, int at) {
    int count = i32(b, at + 5);
    ArrayNode array = NODES.arrayNode(count);
    for (int i = 0; i < count; i++) {
      array.add(read(b, at + i32(b, at + 9 + 4 * i)));
    }
    return array;
  }

  private static ObjectNode readObject(byte[] b, int at) {
    int count = i32(b, at + 5);
    ObjectNode object = objectNode(count);
    for (int i = 0; i < count; i++) {
      int entry = at + 9 + 8 * i;
      int nameAt = at + i32(b, entry);
      String name = Names.get(b, nameAt + 4, i32(b, nameAt));
      object.set(name, read(b, at + i32(b, entry + 4)));
    }
    return object;
  }

  /**
   * An object node whose map is sized for {@code fields}: a projected full scan builds one per
   * document for one or two attributes, where allocating the default sixteen-slot table showed in
   * its profile (issue #4); documents with more than twelve attributes resized it.
   */
  private static ObjectNode objectNode(int fields) {
    return new ObjectNode(NODES, java.util.LinkedHashMap.newLinkedHashMap(fields));
  }

  /**
   * Attribute names seen recently, so that decoding reuses their strings (and cached hash codes)
   * instead of building new ones for every document: documents of a collection mostly share their
   * names. A fixed table, overwritten on collision; entries are immutable, so racing threads at
   * worst miss and build the string themselves.
   */
  private static final class Names {
    private static final int SIZE = 1024;
    private static final int LONGEST = 64;
    private static final Name[] TABLE = new Name[SIZE];

    private record Name(byte[] utf8, String text) {}

    static String get(byte[] b, int from, int length) {
      if (length > LONGEST) {
        return new String(b, from, length, StandardCharsets.UTF_8);
      }
      int h = length;
      for (int i = from; i < from + length; i++) {
        h = 31 * h + b[i];
      }
      int slot = (h ^ (h >>> 16)) & (SIZE - 1);
      Name n = TABLE[slot];
      if (n != null && Arrays.equals(n.utf8, 0, n.utf8.length, b, from, from + length)) {
        return n.text;
      }
      String text = new String(b, from, length, StandardCharsets.UTF_8);
      TABLE[slot] = new Name(Arrays.copyOfRange(b, from, from + length), text);
      return text;
    }
  }

  static int i32(byte[] b, int at) {
    return (b[at] & 0xFF) << 24
        | (b[at + 1] & 0xFF) << 16
        | (b[at + 2] & 0xFF) << 8
        | (b[at + 3] & 0xFF);
  }

  private static long i64(byte[] b, int at) {
    return (long) i32(b, at) << 32 | (i32(b, at + 4) & 0xFFFFFFFFL);
  }

  /** Writes values depth first, back-patching sizes and offsets once the children are written. */
  private static final class Writer {
    private byte[] buf;
    private int size;

    Writer(int capacity) {
      buf = new byte[capacity];
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }

    void reset() {
      size = 0;
      if (buf.length > RETAINED_BYTES) {
        buf = new byte[INITIAL_BYTES];
      }
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    void u8(int v) {
      ensure(1);
      buf[size++] = (byte) v;
    }

    void i32(int v) {
      ensure(4);
      patch(size, v);
      size += 4;
    }

    void patch(int at, int v) {
      buf[at] = (byte) (v >>> 24);
      buf[at + 1] = (byte) (v >>> 16);
      buf[at + 2] = (byte) (v >>> 8);
      buf[at + 3] = (byte) v;
    }

    void i64(long v) {
      i32((int) (v >>> 32));
      i32((int) v);
    }

    void bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    void text(int tag, String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      u8(tag);
      i32(utf8.length);
      bytes(utf8);
    }

    void value(JsonNode v) {
      if (v.isNull()) {
        u8(NULL);
      } else if (v.isBoolean()) {
        u8(v.booleanValue() ? TRUE : FALSE);
      } else if (v.isInt() || v.isShort()) {
        u8(INT);
        i32(v.intValue());
      } else if (v.isLong()) {
        u8(LONG);
        i64(v.longValue());
      } else if (v.isBigInteger()) {
        text(BIG_INTEGER, v.bigIntegerValue().toString());
      } else if (v.isBigDecimal()) {
        text(DECIMAL, v.decimalValue().toString());
      } else if (v.isDouble() || v.isFloat()) {
        u8(DOUBLE);
        i64(Double.doubleToRawLongBits(v.doubleValue()));
      } else if (v.isString()) {
        text(STRING, v.stringValue());
      } else if (v.isArray()) {
        array(v);
      } else if (v.isObject()) {
        object(v);
      } else {
        throw new IllegalArgumentException(
            "a document cannot hold a " + v.getNodeType() + " value");
      }
    }

    private void array(JsonNode v) {
      int start = size;
      int count = v.size();
      u8(ARRAY);
      i32(0);
      i32(count);
      int table = size;
      ensure(4 * count);
      size += 4 * count;
      for (int i = 0; i < count; i++) {
        patch(table + 4 * i, size - start);
        value(v.get(i));
      }
      patch(start + 1, size - start);
    }

    /**
     * Positions of {@code names} in ascending byte order. Documents have few attributes, so an
     * insertion sort of plain ints beats sorting boxed indexes with a comparator (which showed in
     * the insert profile, issue #3); it falls back to that sort for large objects.
     */
    private static int[] sortedOrder(byte[][] names) {
      int count = names.length;
      int[] order = new int[count];
      if (count > 32) {
        Integer[] boxed = new Integer[count];
        for (int i = 0; i < count; i++) {
          boxed[i] = i;
        }
        Arrays.sort(boxed, (x, y) -> Arrays.compareUnsigned(names[x], names[y]));
        for (int i = 0; i < count; i++) {
          order[i] = boxed[i];
        }
        return order;
      }
      for (int i = 0; i < count; i++) {
        int j = i;
        while (j > 0 && Arrays.compareUnsigned(names[order[j - 1]], names[i]) > 0) {
          order[j] = order[j - 1];
          j--;
        }
        order[j] = i;
      }
      return order;
    }

    private void object(JsonNode v) {
      int start = size;
      int count = v.size();
      byte[][] names = new byte[count][];
      JsonNode[] values = new JsonNode[count];
      int i = 0;
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        names[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
        values[i] = e.getValue();
        i++;
      }
      int[] order = sortedOrder(names);
      u8(OBJECT);
      i32(0);
      i32(count);
      int table = size;
      ensure(8 * count);
      size += 8 * count;
      for (i = 0; i < count; i++) {
        byte[] name = names[order[i]];
        patch(table + 8 * i, size - start);
        i32(name.length);
        bytes(name);
      }
      for (i = 0; i < count; i++) {
        patch(table + 8 * i + 4, size - start);
        value(values[order[i]]);
      }
      patch(start + 1, size - start);
    }
  }
}
