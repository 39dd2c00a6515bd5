package io.themisdb.gpu.accelerator.cpu;

/**
 * Inner loops of the distance computation. Two implementations: {@link VectorApiKernels} (SIMD
 * through {@code jdk.incubator.vector}) when that module is in the boot layer, {@link
 * ScalarKernels} otherwise.
 */
sealed interface DistanceKernels permits ScalarKernels, VectorApiKernels {

  /** {@code a[ao..ao+n) . b[bo..bo+n)} */
  float dot(float[] a, int ao, float[] b, int bo, int n);

  /** {@code sum((a - b)^2)} over {@code n} components. */
  float squaredL2(float[] a, int ao, float[] b, int bo, int n);

  String name();

  /** SIMD kernels when the Vector API module is present, else scalar ones. */
  static DistanceKernels best() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      try {
        return new VectorApiKernels();
      } catch (LinkageError e) {
        // Module present but unusable (e.g. not resolved for this class loader): stay scalar.
        return new ScalarKernels();
      }
    }
    return new ScalarKernels();
  }
}
