package io.themisdb.encryption.field;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The encoding of {@link FieldBinding#associatedData()}: length-prefixed UTF-8 components. The
 * components that name a field (label, tenant, collection, attribute) are kept encoded per field,
 * since every encryption and decryption needs them and a field's never change (issue #6).
 */
final class AssociatedData {

  // Bounded by clearing: a miss costs one encoding.
  private static final int CAPACITY = 4096;
  private static final ConcurrentHashMap<Field, byte[]> FIELDS = new ConcurrentHashMap<>();

  private AssociatedData() {}

  private record Field(String label, String tenant, String collection, String attributePath) {}

  /** The encoded field components; shared, so callers must not modify the array. */
  static byte[] field(String label, String tenant, String collection, String attributePath) {
    Field field = new Field(label, tenant, collection, attributePath);
    byte[] encoded = FIELDS.get(field);
    if (encoded == null) {
      encoded = encode(label, tenant, collection, attributePath);
      if (FIELDS.size() >= CAPACITY) {
        FIELDS.clear();
      }
      FIELDS.put(field, encoded);
    }
    return encoded;
  }

  private static byte[] encode(String... components) {
    byte[][] utf8 = new byte[components.length][];
    int length = 0;
    for (int i = 0; i < components.length; i++) {
      utf8[i] = components[i].getBytes(StandardCharsets.UTF_8);
      length += 4 + utf8[i].length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] bytes : utf8) {
      at = putComponent(out, at, bytes);
    }
    return out;
  }

  /** Writes a 4-byte big-endian length and the bytes at {@code at}; returns the end. */
  static int putComponent(byte[] out, int at, byte[] bytes) {
    out[at] = (byte) (bytes.length >>> 24);
    out[at + 1] = (byte) (bytes.length >>> 16);
    out[at + 2] = (byte) (bytes.length >>> 8);
    out[at + 3] = (byte) bytes.length;
    System.arraycopy(bytes, 0, out, at + 4, bytes.length);
    return at + 4 + bytes.length;
  }
}
