package io.themisdb.encryption.rotation;

import java.util.List;

/**
 * The encrypted values a job walks, in a stable order of their ids (the engine: primary-key order).
 * Paging by "after this id" rather than by offset keeps a resumed job correct while documents are
 * inserted or deleted.
 */
public interface ReencryptionSource {

  /**
   * Up to {@code limit} items whose id sorts after {@code afterId}, in order; from the start when
   * {@code afterId} is null. Fewer than {@code limit} (or none) means the end was reached.
   */
  List<EncryptedItem> nextBatch(String afterId, int limit);

  /** How many items there are now; progress only, it may change while the job runs. */
  long estimatedCount();
}
