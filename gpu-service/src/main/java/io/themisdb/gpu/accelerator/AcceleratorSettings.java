package io.themisdb.gpu.accelerator;

/**
 * Settings every accelerator reads.
 *
 * @param cpuThreads threads the CPU accelerator computes with (default: available processors)
 * @param cudaDevice ordinal of the CUDA device to use (default 0)
 * @param cudaScratchBytes device memory a CUDA kNN call may use for its distance matrix (default
 *     256 MiB); larger batches are split
 */
public record AcceleratorSettings(int cpuThreads, int cudaDevice, long cudaScratchBytes) {

  public AcceleratorSettings {
    if (cpuThreads < 1) {
      throw new IllegalArgumentException("cpuThreads must be >= 1, was " + cpuThreads);
    }
    if (cudaDevice < 0) {
      throw new IllegalArgumentException("cudaDevice must be >= 0, was " + cudaDevice);
    }
    if (cudaScratchBytes < (1 << 20)) {
      throw new IllegalArgumentException("cudaScratchBytes must be >= 1 MiB");
    }
  }

  public static AcceleratorSettings defaults() {
    return new AcceleratorSettings(Runtime.getRuntime().availableProcessors(), 0, 256L << 20);
  }

  public AcceleratorSettings withCpuThreads(int threads) {
    return new AcceleratorSettings(threads, cudaDevice, cudaScratchBytes);
  }
}
