package io.themisdb.gpu.accelerator.cuda;

import io.themisdb.gpu.accelerator.Accelerator;
import io.themisdb.gpu.accelerator.AcceleratorContractTest;
import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.accelerator.AcceleratorUnavailableException;
import org.junit.jupiter.api.Assumptions;

/**
 * The accelerator contract on a CUDA device. Skipped, saying so, where there is no driver or
 * device; the same assertions run on the CPU accelerators everywhere.
 */
class CudaAcceleratorContractTest extends AcceleratorContractTest {

  @Override
  protected Accelerator createAccelerator() {
    try {
      // The smallest scratch budget allowed; sets over 4,096 rows take the two-pass top-k.
      return new CudaAcceleratorFactory().create(new AcceleratorSettings(1, 0, 1L << 20));
    } catch (AcceleratorUnavailableException e) {
      Assumptions.abort(
          "no CUDA device/driver: skipped; the same contract runs on the CPU accelerator ("
              + e.getMessage()
              + ")");
      throw e;
    }
  }
}
