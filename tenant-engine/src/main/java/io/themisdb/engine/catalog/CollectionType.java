package io.themisdb.engine.catalog;

/** What a collection holds: plain documents, or edges that link two documents. */
public enum CollectionType {
  DOCUMENT,
  /** Every document has {@code _from} and {@code _to}, each a document id {@code coll/key}. */
  EDGE
}
