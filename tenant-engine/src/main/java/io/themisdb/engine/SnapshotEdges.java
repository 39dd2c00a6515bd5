package io.themisdb.engine;

import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.changelog.ChangeRecord;
import io.themisdb.engine.document.DocumentCodec;
import io.themisdb.engine.document.DocumentShape;
import io.themisdb.engine.graph.EdgeIndex;
import io.themisdb.engine.graph.EdgeSnapshot;
import io.themisdb.engine.storage.Space;
import io.themisdb.engine.storage.StoreTransaction;
import java.util.List;

/**
 * An edge collection and the change log as one transaction's snapshot shows them: what an {@link
 * io.themisdb.engine.graph.Adjacency} catches up from. The transaction must not have written to the
 * collection, so that its reads show committed data only.
 */
final class SnapshotEdges implements EdgeSnapshot {
  private final OpenDatabase db;
  private final StoreTransaction txn;
  private final CollectionInfo collection;

  SnapshotEdges(OpenDatabase db, StoreTransaction txn, CollectionInfo collection) {
    this.db = db;
    this.txn = txn;
    this.collection = collection;
  }

  @Override
  public List<ChangeRecord> records(long from, int limit) {
    return db.changeLog.read(txn, from, limit);
  }

  @Override
  public String[] ends(String key) {
    byte[] stored = txn.get(Space.DOCUMENTS, Transaction.documentKey(collection, key));
    return stored == null
        ? null
        : new String[] {
          DocumentCodec.readString(stored, DocumentShape.FROM),
          DocumentCodec.readString(stored, DocumentShape.TO)
        };
  }

  @Override
  public void forEach(EdgeIndex.EdgeVisitor visitor) {
    EdgeIndex.forEach(txn, collection, visitor);
  }
}
