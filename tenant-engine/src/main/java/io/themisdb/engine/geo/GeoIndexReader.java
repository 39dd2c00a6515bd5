package io.themisdb.engine.geo;

import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.storage.StoreTransaction;
import tools.jackson.databind.JsonNode;

/** A ready geo index read inside one transaction; see {@link io.themisdb.engine.Transaction}. */
public interface GeoIndexReader {

  IndexDefinition index();

  /** Visits index entries with keys in {@code [from, to)} in ascending order. */
  void scan(byte[] from, byte[] to, StoreTransaction.Visitor visitor);

  /** The stored document, or null when it does not exist. */
  JsonNode document(String key);
}
