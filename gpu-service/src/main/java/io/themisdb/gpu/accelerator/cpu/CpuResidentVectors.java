package io.themisdb.gpu.accelerator.cpu;

import io.themisdb.gpu.accelerator.ResidentVectors;
import io.themisdb.gpu.accelerator.VectorData;

/** A vector set on the Java heap, with the norms cosine needs computed once at upload. */
final class CpuResidentVectors implements ResidentVectors {

  final VectorData data;
  final float[] norms;

  CpuResidentVectors(VectorData data, DistanceKernels kernels) {
    this.data = data;
    int d = data.dimension();
    this.norms = new float[data.size()];
    float[] v = data.vectors();
    for (int row = 0; row < norms.length; row++) {
      norms[row] = (float) Math.sqrt(kernels.dot(v, row * d, v, row * d, d));
    }
  }

  @Override
  public int dimension() {
    return data.dimension();
  }

  @Override
  public int size() {
    return data.size();
  }

  @Override
  public long id(int row) {
    return data.ids()[row];
  }

  @Override
  public long bytes() {
    return (long) data.vectors().length * Float.BYTES + (long) data.size() * (Long.BYTES + 4);
  }

  @Override
  public void close() {
    // Heap memory: the garbage collector frees it once the last batch lets go.
  }
}
