package io.themisdb.engine.index;

import io.themisdb.engine.keys.KeyBuffer;
import io.themisdb.engine.keys.KeyEncoding;
import io.themisdb.engine.keys.KeyRanges;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A scan over a sorted index. Each kind fixes the leading attributes to {@code equal} values and
 * constrains the next one, so every query is one contiguous key range.
 */
public sealed interface IndexQuery {

  /** Entries whose leading attributes equal {@code values} (all attributes, or a prefix). */
  record Equality(List<JsonNode> values) implements IndexQuery {
    public Equality {
      values = List.copyOf(values);
    }
  }

  /**
   * Entries whose leading attributes equal {@code equal} and whose next attribute lies between
   * {@code lower} and {@code upper} (null: unbounded), compared in key order.
   */
  record Range(
      List<JsonNode> equal,
      JsonNode lower,
      boolean lowerInclusive,
      JsonNode upper,
      boolean upperInclusive)
      implements IndexQuery {
    public Range {
      equal = List.copyOf(equal);
    }
  }

  /**
   * Entries whose leading attributes equal {@code equal} and whose next is a string starting with
   * {@code prefix}.
   */
  record StringPrefix(List<JsonNode> equal, String prefix) implements IndexQuery {
    public StringPrefix {
      equal = List.copyOf(equal);
    }
  }

  /** Every entry of the index. */
  record All() implements IndexQuery {}

  static IndexQuery equality(JsonNode... values) {
    return new Equality(List.of(values));
  }

  static IndexQuery range(
      JsonNode lower, boolean lowerInclusive, JsonNode upper, boolean upperInclusive) {
    return new Range(List.of(), lower, lowerInclusive, upper, upperInclusive);
  }

  static IndexQuery prefix(String prefix) {
    return new StringPrefix(List.of(), prefix);
  }

  static IndexQuery all() {
    return new All();
  }

  /** The key range {@code [from, to)} of this query on index {@code indexId}; to may be null. */
  default byte[][] bounds(int indexId) {
    byte[] indexPrefix = IndexEntries.prefix(indexId);
    return switch (this) {
      case All() -> new byte[][] {indexPrefix, KeyRanges.prefixEnd(indexPrefix)};
      case Equality(List<JsonNode> values) -> {
        byte[] p = withTuple(indexPrefix, values);
        yield new byte[][] {p, KeyRanges.prefixEnd(p)};
      }
      case StringPrefix(List<JsonNode> equal, String prefix) -> {
        byte[] p =
            KeyRanges.concat(withTuple(indexPrefix, equal), KeyEncoding.stringPrefix(prefix));
        yield new byte[][] {p, KeyRanges.prefixEnd(p)};
      }
      case Range(List<JsonNode> equal, JsonNode lower, boolean li, JsonNode upper, boolean ui) -> {
        byte[] p = withTuple(indexPrefix, equal);
        byte[] from =
            lower == null
                ? p
                : li
                    ? withTuple(p, List.of(lower))
                    : KeyRanges.prefixEnd(withTuple(p, List.of(lower)));
        byte[] to =
            upper == null
                ? KeyRanges.prefixEnd(p)
                : ui
                    ? KeyRanges.prefixEnd(withTuple(p, List.of(upper)))
                    : withTuple(p, List.of(upper));
        yield new byte[][] {from, to};
      }
    };
  }

  private static byte[] withTuple(byte[] prefix, List<JsonNode> values) {
    KeyBuffer out = new KeyBuffer(prefix.length + 16).put(prefix);
    for (JsonNode v : values) {
      KeyEncoding.write(v, out);
    }
    return out.toByteArray();
  }
}
