package io.themisdb.engine.geo;

import com.google.common.geometry.S2CellId;
import com.google.common.geometry.S2LatLng;
import com.google.common.geometry.S2RegionCoverer;
import io.themisdb.engine.document.DocumentKeys;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexEntries;
import io.themisdb.engine.keys.KeyBuffer;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StoreTransaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Entries of a geo index, written in the same transaction as the document. Every document gets
 * entries under one of three tags after the u32 index id:
 *
 * <ul>
 *   <li>{@code 0, document key}: the document has no valid geo value (so that a query whose FILTER
 *       is true for a null distance still finds it without a full scan);
 *   <li>{@code 1, leaf cell id of the anchor, document key} with the value {@code kind, lon, lat}:
 *       the point, or the centroid of any other shape (kind 1), which distances are measured from;
 *   <li>{@code 2, cell id, document key}: for shapes other than a point, each cell of a covering of
 *       the shape (at most {@value #SHAPE_CELLS} cells, levels 0 to {@value #SHAPE_MAX_LEVEL}).
 * </ul>
 *
 * Cell ids are written big-endian, so the descendants of a cell are one contiguous key range.
 */
public final class GeoIndex {
  static final byte NO_VALUE = 0;
  static final byte ANCHOR = 1;
  static final byte CELL = 2;

  static final byte KIND_POINT = 0;
  static final byte KIND_SHAPE = 1;

  static final int SHAPE_CELLS = 8;

  /** Level 23 cells are about a metre across: finer cells only multiply entries. */
  static final int SHAPE_MAX_LEVEL = 23;

  private static final S2RegionCoverer SHAPE_COVERER =
      S2RegionCoverer.builder().setMaxCells(SHAPE_CELLS).setMaxLevel(SHAPE_MAX_LEVEL).build();

  private GeoIndex() {}

  /**
   * The geo value a document holds for the index: a GeoJSON geometry or {@code [lon, lat]} in the
   * one attribute, or numbers in the latitude and longitude attributes of a two-attribute index.
   * Null when there is none or it is invalid.
   */
  public static GeoShape shape(IndexDefinition index, JsonNode document) {
    if (index.fields().size() == 2) {
      JsonNode lat = IndexEntries.attribute(document, index.fields().get(0));
      JsonNode lon = IndexEntries.attribute(document, index.fields().get(1));
      if (lat == null || lon == null || !lat.isNumber() || !lon.isNumber()) {
        return null;
      }
      try {
        return GeoJson.point(lon.doubleValue(), lat.doubleValue());
      } catch (InvalidGeoJsonException e) {
        return null;
      }
    }
    return GeoJson.tryParse(IndexEntries.attribute(document, index.fields().getFirst()));
  }

  /**
   * Moves the document's entries from {@code old} to {@code next} (either null: none), writing only
   * what changed.
   */
  public static void move(
      StoreTransaction txn, IndexDefinition index, String key, JsonNode old, JsonNode next) {
    Map<byte[], byte[]> before = old == null ? Map.of() : entries(index, key, old);
    Map<byte[], byte[]> after = next == null ? Map.of() : entries(index, key, next);
    for (byte[] k : before.keySet()) {
      if (!after.containsKey(k)) {
        txn.delete(Space.INDEX_ENTRIES, k);
      }
    }
    for (Map.Entry<byte[], byte[]> e : after.entrySet()) {
      byte[] was = before.get(e.getKey());
      if (was == null || !Arrays.equals(was, e.getValue())) {
        txn.put(Space.INDEX_ENTRIES, e.getKey(), e.getValue());
      }
    }
  }

  /** Every entry of the document, key to value. */
  static Map<byte[], byte[]> entries(IndexDefinition index, String key, JsonNode document) {
    Map<byte[], byte[]> out = new TreeMap<>(Arrays::compareUnsigned);
    byte[] docKey = DocumentKeys.bytes(key);
    GeoShape shape = shape(index, document);
    if (shape == null) {
      out.put(
          new KeyBuffer(5 + docKey.length)
              .putInt(index.id())
              .put(NO_VALUE)
              .put(docKey)
              .toByteArray(),
          new byte[0]);
      return out;
    }
    S2CellId anchor =
        S2CellId.fromLatLng(S2LatLng.fromDegrees(shape.anchorLat(), shape.anchorLon()));
    out.put(
        cellKey(index.id(), ANCHOR, anchor.id(), docKey),
        ByteBuffer.allocate(17)
            .put(shape.isPoint() ? KIND_POINT : KIND_SHAPE)
            .putDouble(shape.anchorLon())
            .putDouble(shape.anchorLat())
            .array());
    if (!shape.isPoint()) {
      for (S2CellId c : shape.covering(SHAPE_COVERER)) {
        out.put(cellKey(index.id(), CELL, c.id(), docKey), new byte[0]);
      }
    }
    return out;
  }

  static byte[] cellKey(int indexId, byte tag, long cellId, byte[] docKey) {
    return new KeyBuffer(13 + docKey.length)
        .putInt(indexId)
        .put(tag)
        .putLong(cellId)
        .put(docKey)
        .toByteArray();
  }

  /** The first key of {@code tag}'s entries at or after cell id {@code cellId}. */
  static byte[] cellBound(int indexId, byte tag, long cellId) {
    return new KeyBuffer(13).putInt(indexId).put(tag).putLong(cellId).toByteArray();
  }

  static byte[] tagPrefix(int indexId, byte tag) {
    return new KeyBuffer(5).putInt(indexId).put(tag).toByteArray();
  }

  /** The document key of an entry under {@code tag}. */
  static String documentKey(byte tag, byte[] entryKey) {
    int from = tag == NO_VALUE ? 5 : 13;
    return new String(entryKey, from, entryKey.length - from, StandardCharsets.US_ASCII);
  }
}
