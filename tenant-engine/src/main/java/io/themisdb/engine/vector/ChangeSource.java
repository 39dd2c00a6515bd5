package io.themisdb.engine.vector;

import io.themisdb.engine.changelog.ChangeRecord;
import java.util.List;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;

/**
 * One consistent snapshot of a database as a vector index catches up from it: the change log's last
 * sequence, its records and the documents, all as of the same moment.
 */
public interface ChangeSource extends AutoCloseable {

  /** The name of the indexed collection, as change records name it. */
  String collection();

  /** The sequence of the newest change in the snapshot; 0 before the first commit. */
  long lastSequence();

  /** Up to {@code limit} change records with sequence &gt;= {@code from}, in order. */
  List<ChangeRecord> records(long from, int limit);

  /** The document of the indexed collection with this key, or null when there is none. */
  JsonNode document(String key);

  /** Visits every document of the indexed collection with its key. */
  void documents(BiConsumer<String, JsonNode> visitor);

  /** Releases the snapshot. */
  @Override
  void close();
}
