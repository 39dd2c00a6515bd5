package io.themisdb.gpu.accelerator.cpu;

import io.themisdb.gpu.accelerator.AcceleratorFactory;
import io.themisdb.gpu.accelerator.AcceleratorSettings;

/**
 * Factory {@code cpu}: always available; SIMD kernels when {@code jdk.incubator.vector} is present.
 */
public final class CpuAcceleratorFactory implements AcceleratorFactory {

  public static final String ID = "cpu";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public CpuAccelerator create(AcceleratorSettings settings) {
    return new CpuAccelerator(settings.cpuThreads(), DistanceKernels.best());
  }

  /** A CPU accelerator with plain scalar loops, whatever modules are present; for comparisons. */
  public CpuAccelerator createScalar(AcceleratorSettings settings) {
    return new CpuAccelerator(settings.cpuThreads(), new ScalarKernels());
  }
}
