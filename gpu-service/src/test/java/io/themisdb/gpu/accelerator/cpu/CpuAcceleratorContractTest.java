package io.themisdb.gpu.accelerator.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.gpu.accelerator.Accelerator;
import io.themisdb.gpu.accelerator.AcceleratorContractTest;
import io.themisdb.gpu.accelerator.AcceleratorSettings;
import org.junit.jupiter.api.Test;

/** The accelerator contract on the CPU with SIMD kernels (the test JVM adds the Vector API). */
class CpuAcceleratorContractTest extends AcceleratorContractTest {

  @Override
  protected Accelerator createAccelerator() {
    return new CpuAcceleratorFactory().create(AcceleratorSettings.defaults().withCpuThreads(3));
  }

  @Test
  void usesTheVectorApiWhenItsModuleIsPresent() {
    assertThat(((CpuAccelerator) accelerator).kernels()).startsWith("vector-api-");
  }
}
