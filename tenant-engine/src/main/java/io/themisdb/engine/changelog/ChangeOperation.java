package io.themisdb.engine.changelog;

/** What a committed change did to a document. */
public enum ChangeOperation {
  INSERT,
  REPLACE,
  UPDATE,
  REMOVE
}
