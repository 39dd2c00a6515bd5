package io.themisdb.engine.index;

import java.util.List;

/**
 * A persistent sorted index over one or more attribute paths ({@code "a.b"}) of a collection.
 *
 * @param unique no two documents may share the same values
 * @param sparse documents where any of the attributes is missing or null are not indexed
 */
public record IndexDefinition(
    int id,
    String name,
    int collectionId,
    List<String> fields,
    boolean unique,
    boolean sparse,
    IndexState state) {

  public IndexDefinition {
    fields = List.copyOf(fields);
  }

  public IndexDefinition withState(IndexState newState) {
    return new IndexDefinition(id, name, collectionId, fields, unique, sparse, newState);
  }
}
