package io.themisdb.gpu.accelerator;

/**
 * A vector set made resident by {@link Accelerator#upload}; the accelerator's own representation
 * (device pointers for a GPU). Closing frees it; close is idempotent and thread-safe, and no call
 * may use the set after it.
 */
public interface ResidentVectors extends AutoCloseable {

  int dimension();

  /** Number of vectors. */
  int size();

  /** The id of row {@code row}. */
  long id(int row);

  /** Bytes this set occupies where it is resident; what the memory budget counts. */
  long bytes();

  @Override
  void close();
}
