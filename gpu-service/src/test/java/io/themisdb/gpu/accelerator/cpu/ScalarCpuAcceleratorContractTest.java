package io.themisdb.gpu.accelerator.cpu;

import io.themisdb.gpu.accelerator.Accelerator;
import io.themisdb.gpu.accelerator.AcceleratorContractTest;
import io.themisdb.gpu.accelerator.AcceleratorSettings;

/** The accelerator contract on the scalar fallback, used where the Vector API module is absent. */
class ScalarCpuAcceleratorContractTest extends AcceleratorContractTest {

  @Override
  protected Accelerator createAccelerator() {
    return new CpuAcceleratorFactory()
        .createScalar(AcceleratorSettings.defaults().withCpuThreads(2));
  }
}
