package io.themisdb.gpu.accelerator.cuda;

import io.themisdb.gpu.accelerator.AcceleratorFactory;
import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.accelerator.AcceleratorUnavailableException;

/**
 * Factory {@code cuda}: opens device {@link AcceleratorSettings#cudaDevice()} through JCuda. Where
 * that cannot work — the JCuda native library or the CUDA driver is missing ({@link
 * UnsatisfiedLinkError}), no device, PTX absent from the jar or too new for the driver — it throws
 * {@link AcceleratorUnavailableException}, and {@code AcceleratorSelection} falls back to {@code
 * cpu}.
 */
public final class CudaAcceleratorFactory implements AcceleratorFactory {

  public static final String ID = "cuda";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public CudaAccelerator create(AcceleratorSettings settings) {
    try {
      return new CudaAccelerator(
          CudaDevice.open(settings.cudaDevice()), settings.cudaScratchBytes());
    } catch (LinkageError e) {
      // UnsatisfiedLinkError on first use, NoClassDefFoundError on every use after it.
      throw new AcceleratorUnavailableException(
          "the JCuda native library cannot load (is a CUDA driver installed?): " + e, e);
    }
  }
}
