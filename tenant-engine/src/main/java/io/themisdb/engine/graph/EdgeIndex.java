package io.themisdb.engine.graph;

import io.themisdb.engine.catalog.Catalog;
import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.catalog.CollectionType;
import io.themisdb.engine.document.DocumentCodec;
import io.themisdb.engine.document.DocumentKeys;
import io.themisdb.engine.document.DocumentShape;
import io.themisdb.engine.keys.KeyBuffer;
import io.themisdb.engine.keys.KeyEncoding;
import io.themisdb.engine.keys.KeyRanges;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.Store;
import io.themisdb.engine.storage.StoreTransaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The adjacency of every edge collection, kept in the index column family by the transaction that
 * writes the edge. Each edge has two entries: {@code u32 collection id, 0x01, _from, edge key} and
 * {@code u32 collection id, 0x02, _to, edge key}, the vertex id in {@link KeyEncoding}'s terminated
 * string form so that one vertex's edges are one prefix; the value is the vertex at the other end.
 * Collection ids and index ids come from one counter, so these keys never share a prefix with a
 * secondary index's entries.
 *
 * <p>An edge collection gets its index when it is created (a marker in the metadata records that);
 * an edge collection written before edge indexes existed gets it built when the database opens.
 */
public final class EdgeIndex {

  /** Visits one edge of a collection scan. */
  @FunctionalInterface
  public interface EdgeVisitor {
    void visit(String from, String edgeKey, String to);
  }

  /**
   * Visits one edge between two vertices of a list ({@link #forEachAmong}), as their positions in
   * it.
   */
  @FunctionalInterface
  public interface PositionVisitor {
    void visit(int from, int to);
  }

  private static final byte OUT = 1;
  private static final byte IN = 2;
  private static final String BUILT = "g/";
  private static final int BUILD_BATCH = 10_000;

  private EdgeIndex() {}

  /**
   * Moves the entries of edge {@code key} from {@code old} to {@code next} (either null: insert,
   * remove) within {@code txn}. The edge document is locked by the caller, and no other document
   * owns these keys, so the writes need no locks of their own.
   */
  public static void maintain(
      StoreTransaction txn, CollectionInfo c, String key, JsonNode old, JsonNode next) {
    if (c.type() != CollectionType.EDGE) {
      return;
    }
    String oldFrom = end(old, DocumentShape.FROM);
    String oldTo = end(old, DocumentShape.TO);
    String from = end(next, DocumentShape.FROM);
    String to = end(next, DocumentShape.TO);
    if (old != null && next != null && oldFrom.equals(from) && oldTo.equals(to)) {
      return;
    }
    if (old != null) {
      txn.deleteUntracked(Space.INDEX_ENTRIES, entryKey(c.id(), OUT, oldFrom, key));
      txn.deleteUntracked(Space.INDEX_ENTRIES, entryKey(c.id(), IN, oldTo, key));
    }
    if (next != null) {
      txn.putUntracked(Space.INDEX_ENTRIES, entryKey(c.id(), OUT, from, key), utf8(to));
      txn.putUntracked(Space.INDEX_ENTRIES, entryKey(c.id(), IN, to, key), utf8(from));
    }
  }

  /** Records in {@code txn} that collection {@code collectionId} has its edge index. */
  public static void markBuilt(StoreTransaction txn, int collectionId) {
    txn.put(Space.METADATA, utf8(BUILT + collectionId), new byte[0]);
  }

  public static void forget(StoreTransaction txn, int collectionId) {
    txn.delete(Space.METADATA, utf8(BUILT + collectionId));
  }

  /**
   * Builds the index of every edge collection that has none, from its documents; called when the
   * database opens, before anyone else can write. Idempotent: a build cut short is redone.
   */
  public static void buildMissing(Store store, Catalog catalog) {
    for (CollectionInfo c : catalog.collections()) {
      if (c.type() != CollectionType.EDGE) {
        continue;
      }
      byte[] marker = utf8(BUILT + c.id());
      if (store.get(Space.METADATA, marker) != null) {
        continue;
      }
      byte[] prefix = new KeyBuffer(4).putInt(c.id()).toByteArray();
      byte[] from = prefix;
      while (from != null) {
        try (StoreTransaction txn = store.begin(false, false, 1000, 0)) {
          List<byte[][]> docs = new ArrayList<>();
          txn.scan(
              Space.DOCUMENTS,
              from,
              KeyRanges.prefixEnd(prefix),
              false,
              (k, v) -> {
                docs.add(new byte[][] {k, v});
                return docs.size() < BUILD_BATCH;
              });
          for (byte[][] d : docs) {
            JsonNode edge = DocumentCodec.decode(d[1]);
            maintain(txn, c, edge.get(DocumentShape.KEY).stringValue(), null, edge);
          }
          from =
              docs.size() < BUILD_BATCH
                  ? null
                  : KeyRanges.concat(docs.getLast()[0], new byte[] {0});
          if (from == null) {
            markBuilt(txn, c.id());
          }
          txn.commit();
        }
      }
    }
  }

  /** A forward scan of the index column family over {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeScan {
    void scan(byte[] from, byte[] to, StoreTransaction.Visitor visitor);
  }

  /** The edges of collection {@code c} at {@code vertexId}, each direction in edge key order. */
  public static void edges(
      RangeScan txn, CollectionInfo c, String vertexId, Direction direction, List<Adjacent> out) {
    if (direction != Direction.INBOUND) {
      scan(txn, c, OUT, vertexId, false, out);
    }
    if (direction != Direction.OUTBOUND) {
      // With ANY a self-loop shows in both lists; the outbound one stands for it.
      scan(txn, c, IN, vertexId, direction == Direction.ANY, out);
    }
  }

  private static void scan(
      RangeScan txn,
      CollectionInfo c,
      byte dir,
      String vertexId,
      boolean skipLoops,
      List<Adjacent> out) {
    byte[] prefix = vertexPrefix(c.id(), dir, vertexId);
    String edgePrefix = c.name() + "/";
    txn.scan(
        prefix,
        KeyRanges.prefixEnd(prefix),
        (k, v) -> {
          String other = new String(v, StandardCharsets.UTF_8);
          if (!skipLoops || !other.equals(vertexId)) {
            String key =
                new String(k, prefix.length, k.length - prefix.length, StandardCharsets.US_ASCII);
            out.add(new Adjacent(edgePrefix + key, other));
          }
          return true;
        });
  }

  /** Every edge of the collection, ordered by {@code _from} then edge key. */
  public static void forEach(StoreTransaction txn, CollectionInfo c, EdgeVisitor visitor) {
    byte[] prefix = new KeyBuffer(5).putInt(c.id()).put(OUT).toByteArray();
    txn.scan(
        Space.INDEX_ENTRIES,
        prefix,
        KeyRanges.prefixEnd(prefix),
        false,
        (k, v) -> {
          List<JsonNode> from = new ArrayList<>(1);
          int end = KeyEncoding.decodeInto(k, prefix.length, 1, from);
          String key = new String(k, end, k.length - end, StandardCharsets.US_ASCII);
          visitor.visit(from.getFirst().stringValue(), key, new String(v, StandardCharsets.UTF_8));
          return true;
        });
  }

  /**
   * Visits each edge of the collection from one of {@code vertexIds} to one of {@code vertexIds},
   * as their positions in that array, ordered by {@code _from} then edge key. Reads every edge of
   * the collection.
   */
  public static void forEachAmong(
      StoreTransaction txn, CollectionInfo c, String[] vertexIds, PositionVisitor visitor) {
    Map<String, Integer> positions = HashMap.newHashMap(vertexIds.length);
    for (int i = 0; i < vertexIds.length; i++) {
      positions.put(vertexIds[i], i);
    }
    forEach(
        txn,
        c,
        (from, key, to) -> {
          Integer a = positions.get(from);
          Integer b = positions.get(to);
          if (a != null && b != null) {
            visitor.visit(a, b);
          }
        });
  }

  /** The bytes every index key of the collection starts with; dropping it deletes this range. */
  public static byte[] collectionPrefix(int collectionId) {
    return new KeyBuffer(4).putInt(collectionId).toByteArray();
  }

  private static byte[] vertexPrefix(int collectionId, byte dir, String vertexId) {
    KeyBuffer out = new KeyBuffer(8 + vertexId.length()).putInt(collectionId).put(dir);
    KeyEncoding.write(JsonNodeFactory.instance.stringNode(vertexId), out);
    return out.toByteArray();
  }

  private static byte[] entryKey(int collectionId, byte dir, String vertexId, String edgeKey) {
    return KeyRanges.concat(vertexPrefix(collectionId, dir, vertexId), DocumentKeys.bytes(edgeKey));
  }

  private static String end(JsonNode edge, String attribute) {
    return edge == null ? null : edge.get(attribute).stringValue();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
