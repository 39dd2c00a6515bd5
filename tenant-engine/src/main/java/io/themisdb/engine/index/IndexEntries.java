package io.themisdb.engine.index;

import io.themisdb.engine.index.ttl.Expiry;
import io.themisdb.engine.keys.KeyBuffer;
import io.themisdb.engine.keys.KeyEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Storage keys of index entries: {@code u32 index id, tuple of the attribute values}, and for a
 * non-unique index the document key as one more tuple element, which keeps entries of equal values
 * apart and sorted by document key. The value of an entry is the document key.
 */
public final class IndexEntries {
  private IndexEntries() {}

  /** The entry key of {@code document} in {@code index}, or null when a sparse index skips it. */
  public static byte[] entryKey(IndexDefinition index, String documentKey, JsonNode document) {
    List<JsonNode> values = values(index, document);
    if (values == null) {
      return null;
    }
    KeyBuffer out = new KeyBuffer(32).putInt(index.id());
    for (JsonNode v : values) {
      KeyEncoding.write(v, out);
    }
    if (!index.unique()) {
      KeyEncoding.write(JsonNodeFactory.instance.stringNode(documentKey), out);
    }
    return out.toByteArray();
  }

  /**
   * The indexed values; missing attributes count as null. Null when the index is sparse and an
   * attribute is missing or null. NaN cannot occur: JSON has none. A TTL index holds the expiry
   * time in epoch milliseconds, and nothing for a document without one.
   */
  static List<JsonNode> values(IndexDefinition index, JsonNode document) {
    if (index.kind() == IndexKind.VECTOR) {
      return null; // held in memory by io.themisdb.engine.vector, derived from the change log
    }
    if (index.kind() == IndexKind.TTL) {
      OptionalLong expiry = Expiry.millis(attribute(document, index.fields().getFirst()));
      return expiry.isPresent()
          ? List.of(JsonNodeFactory.instance.numberNode(expiry.getAsLong()))
          : null;
    }
    List<JsonNode> values = new ArrayList<>(index.fields().size());
    for (String path : index.fields()) {
      JsonNode v = attribute(document, path);
      if (v == null || v.isNull()) {
        if (index.sparse()) {
          return null;
        }
        v = JsonNodeFactory.instance.nullNode();
      }
      values.add(v);
    }
    return values;
  }

  /** The value at a dotted path, or null when a step is missing or not an object. */
  public static JsonNode attribute(JsonNode document, String path) {
    JsonNode node = document;
    int start = 0;
    while (node != null) {
      int dot = path.indexOf('.', start);
      String name = dot < 0 ? path.substring(start) : path.substring(start, dot);
      node = node.isObject() ? node.get(name) : null;
      if (dot < 0) {
        return node;
      }
      start = dot + 1;
    }
    return null;
  }

  /** The bytes every entry of {@code index} starts with. */
  public static byte[] prefix(int indexId) {
    return new KeyBuffer(4).putInt(indexId).toByteArray();
  }

  /** Decodes an entry key back into its values and document key. */
  public static IndexHit decode(IndexDefinition index, byte[] key, byte[] value) {
    List<JsonNode> values = new ArrayList<>(index.fields().size());
    KeyEncoding.decodeInto(key, 4, index.fields().size(), values);
    return new IndexHit(values, new String(value, java.nio.charset.StandardCharsets.US_ASCII));
  }
}
