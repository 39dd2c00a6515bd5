package io.themisdb.engine.catalog;

import io.themisdb.engine.NameInUseException;
import io.themisdb.engine.UnknownCollectionException;
import io.themisdb.engine.UnknownIndexException;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexKind;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.engine.index.IndexState;
import io.themisdb.engine.index.VectorEngine;
import io.themisdb.engine.index.VectorOptions;
import io.themisdb.engine.keys.KeyRanges;
import io.themisdb.engine.spi.VectorMetric;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StoreTransaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Collections and indexes of one database: persisted in the metadata column family, mirrored in
 * memory for the hot path. Reads are lock-free; changes are made by one caller at a time (the
 * database serializes schema changes) inside the transaction that persists them, and become visible
 * in memory only after that transaction committed ({@link #apply}).
 */
public final class Catalog {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String COLLECTION = "c/";
  private static final String INDEX = "i/";
  private static final byte[] NEXT_ID = bytes("n/id");

  private final Map<String, CollectionInfo> collections = new ConcurrentHashMap<>();
  private final Map<Integer, List<IndexDefinition>> indexes = new ConcurrentHashMap<>();

  /** Loads the catalog from the metadata column family. */
  public static Catalog load(StoreTransaction txn) {
    Catalog catalog = new Catalog();
    byte[] from = bytes(COLLECTION);
    txn.scan(
        Space.METADATA,
        from,
        KeyRanges.prefixEnd(from),
        false,
        (k, v) -> {
          JsonNode n = JSON.readTree(v);
          catalog.putCollection(
              new CollectionInfo(
                  n.get("id").intValue(),
                  n.get("name").stringValue(),
                  CollectionType.valueOf(n.get("type").stringValue())));
          return true;
        });
    byte[] indexFrom = bytes(INDEX);
    txn.scan(
        Space.METADATA,
        indexFrom,
        KeyRanges.prefixEnd(indexFrom),
        false,
        (k, v) -> {
          catalog.putIndex(readIndex(JSON.readTree(v)));
          return true;
        });
    return catalog;
  }

  public CollectionInfo collection(String name) {
    CollectionInfo c = collections.get(name);
    if (c == null) {
      throw new UnknownCollectionException("collection '" + name + "' does not exist");
    }
    return c;
  }

  public CollectionInfo collectionById(int id) {
    for (CollectionInfo c : collections.values()) {
      if (c.id() == id) {
        return c;
      }
    }
    throw new UnknownCollectionException("collection #" + id + " does not exist");
  }

  public boolean hasCollection(String name) {
    return collections.containsKey(name);
  }

  public List<CollectionInfo> collections() {
    return collections.values().stream()
        .sorted(java.util.Comparator.comparing(CollectionInfo::name))
        .toList();
  }

  /** Whether any collection has a TTL index, building or ready. */
  public boolean hasTtlIndexes() {
    return indexes.values().stream()
        .anyMatch(list -> list.stream().anyMatch(d -> d.kind() == IndexKind.TTL));
  }

  /** Every index of the collection, building ones included: writers maintain all of them. */
  public List<IndexDefinition> indexes(int collectionId) {
    return indexes.getOrDefault(collectionId, List.of());
  }

  public IndexDefinition index(CollectionInfo collection, String name) {
    for (IndexDefinition d : indexes(collection.id())) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    throw new UnknownIndexException(
        "index '" + name + "' does not exist on collection '" + collection.name() + "'");
  }

  /** Persists a new collection in {@code txn}; call {@link #apply} after commit. */
  public CollectionInfo createCollection(StoreTransaction txn, String name, CollectionType type) {
    if (collections.containsKey(name)) {
      throw new NameInUseException("collection '" + name + "' exists already");
    }
    CollectionInfo c = new CollectionInfo(nextId(txn), name, type);
    ObjectNode n =
        JSON.createObjectNode().put("id", c.id()).put("name", name).put("type", type.name());
    txn.put(Space.METADATA, bytes(COLLECTION + name), JSON.writeValueAsBytes(n));
    return c;
  }

  public void dropCollection(StoreTransaction txn, CollectionInfo c) {
    txn.delete(Space.METADATA, bytes(COLLECTION + c.name()));
    for (IndexDefinition d : indexes(c.id())) {
      txn.delete(Space.METADATA, bytes(INDEX + d.id()));
    }
  }

  /** Persists a new index (state BUILDING) in {@code txn}. */
  public IndexDefinition createIndex(StoreTransaction txn, CollectionInfo c, IndexSpec spec) {
    for (IndexDefinition d : indexes(c.id())) {
      if (d.name().equals(spec.name())) {
        throw new NameInUseException(
            "index '" + spec.name() + "' exists already on '" + c.name() + "'");
      }
    }
    IndexDefinition d =
        new IndexDefinition(
            nextId(txn),
            spec.name(),
            c.id(),
            spec.fields(),
            spec.unique(),
            spec.sparse(),
            IndexState.BUILDING,
            spec.kind(),
            spec.vector());
    saveIndex(txn, d);
    return d;
  }

  public void saveIndex(StoreTransaction txn, IndexDefinition d) {
    ObjectNode n =
        JSON.createObjectNode()
            .put("id", d.id())
            .put("name", d.name())
            .put("collection", d.collectionId())
            .put("unique", d.unique())
            .put("sparse", d.sparse())
            .put("state", d.state().name())
            .put("kind", d.kind().name());
    var fields = n.putArray("fields");
    d.fields().forEach(fields::add);
    if (d.vector() != null) {
      VectorOptions v = d.vector();
      n.putObject("vector")
          .put("dimension", v.dimension())
          .put("metric", v.metric().name())
          .put("engine", v.engine().name())
          .put("maxDegree", v.maxDegree())
          .put("beamWidth", v.beamWidth())
          .put("efSearch", v.efSearch());
    }
    txn.put(Space.METADATA, bytes(INDEX + d.id()), JSON.writeValueAsBytes(n));
  }

  public void deleteIndex(StoreTransaction txn, IndexDefinition d) {
    txn.delete(Space.METADATA, bytes(INDEX + d.id()));
  }

  /** A committed schema change, made visible to readers. */
  public sealed interface Change {
    record CollectionCreated(CollectionInfo collection) implements Change {}

    record CollectionDropped(CollectionInfo collection) implements Change {}

    record IndexSaved(IndexDefinition index) implements Change {}

    record IndexDropped(IndexDefinition index) implements Change {}
  }

  public void apply(Change change) {
    switch (change) {
      case Change.CollectionCreated(CollectionInfo c) -> putCollection(c);
      case Change.CollectionDropped(CollectionInfo c) -> {
        collections.remove(c.name());
        indexes.remove(c.id());
      }
      case Change.IndexSaved(IndexDefinition d) -> putIndex(d);
      case Change.IndexDropped(IndexDefinition d) ->
          indexes.computeIfPresent(
              d.collectionId(), (k, list) -> list.stream().filter(x -> x.id() != d.id()).toList());
    }
  }

  private void putCollection(CollectionInfo c) {
    collections.put(c.name(), c);
  }

  private void putIndex(IndexDefinition d) {
    indexes.compute(
        d.collectionId(),
        (k, list) -> {
          List<IndexDefinition> next = new ArrayList<>();
          if (list != null) {
            list.stream().filter(x -> x.id() != d.id()).forEach(next::add);
          }
          next.add(d);
          return List.copyOf(next);
        });
  }

  private static IndexDefinition readIndex(JsonNode n) {
    List<String> fields = new ArrayList<>();
    n.get("fields").forEach(f -> fields.add(f.stringValue()));
    return new IndexDefinition(
        n.get("id").intValue(),
        n.get("name").stringValue(),
        n.get("collection").intValue(),
        fields,
        n.get("unique").booleanValue(),
        n.get("sparse").booleanValue(),
        IndexState.valueOf(n.get("state").stringValue()),
        // Written before TTL indexes existed: sorted.
        n.has("kind") ? IndexKind.valueOf(n.get("kind").stringValue()) : IndexKind.SORTED,
        n.has("vector") ? readVector(n.get("vector")) : null);
  }

  private static VectorOptions readVector(JsonNode v) {
    return new VectorOptions(
        v.get("dimension").intValue(),
        VectorMetric.valueOf(v.get("metric").stringValue()),
        VectorEngine.valueOf(v.get("engine").stringValue()),
        v.get("maxDegree").intValue(),
        v.get("beamWidth").intValue(),
        v.get("efSearch").intValue());
  }

  private static int nextId(StoreTransaction txn) {
    byte[] current = txn.getForUpdate(Space.METADATA, NEXT_ID);
    int id =
        current == null ? 1 : Integer.parseInt(new String(current, StandardCharsets.UTF_8)) + 1;
    txn.put(Space.METADATA, NEXT_ID, bytes(Integer.toString(id)));
    return id;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
