package io.themisdb.engine;

/** The outcome of one document of a per-item batch insert. */
public sealed interface BatchResult {
  record Inserted(DocumentMeta meta) implements BatchResult {}

  record Failed(EngineException error) implements BatchResult {}
}
