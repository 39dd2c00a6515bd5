package io.themisdb.engine.graph;

import io.themisdb.engine.changelog.ChangeRecord;
import java.util.List;

/**
 * One edge collection and the change log as a transaction's snapshot shows them, for an {@link
 * Adjacency} to catch up from. Valid while that transaction runs, on its thread.
 */
public interface EdgeSnapshot {

  /** Up to {@code limit} change records with sequence &gt;= {@code from}, in order. */
  List<ChangeRecord> records(long from, int limit);

  /** {@code _from} and {@code _to} of the edge with this key, or null when there is none. */
  String[] ends(String key);

  /** Every edge, ordered by {@code _from} then edge key. */
  void forEach(EdgeIndex.EdgeVisitor visitor);
}
