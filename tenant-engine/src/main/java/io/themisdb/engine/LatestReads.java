package io.themisdb.engine;

import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.document.DocumentCodec;
import io.themisdb.engine.storage.Space;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Single-operation reads of the latest committed data without a transaction. They see what a
 * single-operation transaction (no snapshot, no own writes) would see, without its cost: beginning,
 * registering and ending a RocksDB transaction cost more than the read itself (issue #3 benchmark).
 */
final class LatestReads {
  private LatestReads() {}

  static Optional<ObjectNode> get(OpenDatabase db, String collection, String key) {
    CollectionInfo c = db.catalog.collection(collection);
    byte[] stored = db.store.get(Space.DOCUMENTS, Transaction.documentKey(c, key));
    return Optional.ofNullable(stored == null ? null : db.open(c, DocumentCodec.decode(stored)));
  }

  static boolean exists(OpenDatabase db, String collection, String key) {
    return read(db, collection, key) != null;
  }

  private static byte[] read(OpenDatabase db, String collection, String key) {
    return db.store.get(
        Space.DOCUMENTS, Transaction.documentKey(db.catalog.collection(collection), key));
  }
}
