package io.themisdb.gpu.accelerator.cuda;

import io.themisdb.gpu.accelerator.ResidentVectors;
import io.themisdb.gpu.accelerator.VectorData;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A vector set in device memory: the vectors row-major and their norms (for cosine), each one
 * allocation. Ids stay on the host, where results are mapped back. Close frees both allocations,
 * once, from any thread.
 */
final class CudaResidentVectors implements ResidentVectors {

  private final CudaDevice device;
  private final int dimension;
  private final long[] ids;
  final DeviceBuffer vectors;
  final DeviceBuffer norms;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Uploads {@code data}; the context must be current. */
  CudaResidentVectors(CudaDevice device, VectorData data) {
    this.device = device;
    this.dimension = data.dimension();
    this.ids = data.ids();
    this.vectors = DeviceBuffer.of(data.vectors(), "vector set");
    try {
      this.norms = DeviceBuffer.of(norms(data.vectors(), dimension), "vector norms");
    } catch (RuntimeException e) {
      vectors.close();
      throw e;
    }
  }

  /** Euclidean norm of each row, accumulated in double, as a float. */
  static float[] norms(float[] rows, int dimension) {
    float[] out = new float[rows.length / dimension];
    for (int row = 0; row < out.length; row++) {
      double sum = 0;
      for (int c = row * dimension, end = c + dimension; c < end; c++) {
        sum += (double) rows[c] * rows[c];
      }
      out[row] = (float) Math.sqrt(sum);
    }
    return out;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    return ids.length;
  }

  @Override
  public long id(int row) {
    return ids[row];
  }

  /** Device bytes: what the resident-set budget counts. */
  @Override
  public long bytes() {
    return vectors.bytes + norms.bytes;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && !device.isClosed()) {
      // A closed device released its context, and the allocations with it.
      device.makeCurrent();
      try {
        vectors.close();
      } finally {
        norms.close();
      }
    }
  }
}
