package io.themisdb.gpu.accelerator.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** SIMD kernels on the JDK Vector API (incubating); loaded only when its module is present. */
final class VectorApiKernels implements DistanceKernels {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  @Override
  public float dot(float[] a, int ao, float[] b, int bo, int n) {
    var acc = FloatVector.zero(SPECIES);
    int step = SPECIES.length();
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += step) {
      var va = FloatVector.fromArray(SPECIES, a, ao + i);
      var vb = FloatVector.fromArray(SPECIES, b, bo + i);
      acc = va.fma(vb, acc);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      sum += a[ao + i] * b[bo + i];
    }
    return sum;
  }

  @Override
  public float squaredL2(float[] a, int ao, float[] b, int bo, int n) {
    var acc = FloatVector.zero(SPECIES);
    int step = SPECIES.length();
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += step) {
      var diff =
          FloatVector.fromArray(SPECIES, a, ao + i).sub(FloatVector.fromArray(SPECIES, b, bo + i));
      acc = diff.fma(diff, acc);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      float d = a[ao + i] - b[bo + i];
      sum += d * d;
    }
    return sum;
  }

  @Override
  public String name() {
    return "vector-api-" + SPECIES.vectorBitSize() + "bit";
  }
}
