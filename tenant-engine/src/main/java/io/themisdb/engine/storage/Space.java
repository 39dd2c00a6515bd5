package io.themisdb.engine.storage;

import java.nio.charset.StandardCharsets;

/** The column families of a tenant database: each kind of data sorted and compacted apart. */
public enum Space {
  DOCUMENTS("documents"),
  INDEX_ENTRIES("index_entries"),
  CHANGE_LOG("change_log"),
  METADATA("metadata");

  private final String columnFamily;

  Space(String columnFamily) {
    this.columnFamily = columnFamily;
  }

  byte[] columnFamilyName() {
    return columnFamily.getBytes(StandardCharsets.UTF_8);
  }
}
