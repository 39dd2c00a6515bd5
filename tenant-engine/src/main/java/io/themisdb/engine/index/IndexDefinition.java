package io.themisdb.engine.index;

import java.util.List;

/**
 * A persistent index over attribute paths ({@code "a.b"}) of a collection: a sorted index over one
 * or more paths, or a TTL index over one path whose entries hold each document's expiry time.
 *
 * @param unique no two documents may share the same values
 * @param sparse documents where any of the attributes is missing or null are not indexed (a TTL
 *     index is always sparse: documents without a valid timestamp are not indexed)
 * @param kind what the entries hold; indexes persisted before TTL existed are {@link
 *     IndexKind#SORTED}
 * @param vector the parameters of a {@link IndexKind#VECTOR} index; null for other kinds
 */
public record IndexDefinition(
    int id,
    String name,
    int collectionId,
    List<String> fields,
    boolean unique,
    boolean sparse,
    IndexState state,
    IndexKind kind,
    VectorOptions vector) {

  public IndexDefinition {
    fields = List.copyOf(fields);
    if (kind == null) {
      kind = IndexKind.SORTED;
    }
  }

  public IndexDefinition(
      int id,
      String name,
      int collectionId,
      List<String> fields,
      boolean unique,
      boolean sparse,
      IndexState state,
      IndexKind kind) {
    this(id, name, collectionId, fields, unique, sparse, state, kind, null);
  }

  /** A sorted index. */
  public IndexDefinition(
      int id,
      String name,
      int collectionId,
      List<String> fields,
      boolean unique,
      boolean sparse,
      IndexState state) {
    this(id, name, collectionId, fields, unique, sparse, state, IndexKind.SORTED);
  }

  public IndexDefinition withState(IndexState newState) {
    return new IndexDefinition(
        id, name, collectionId, fields, unique, sparse, newState, kind, vector);
  }
}
