package io.themisdb.engine.spi;

import java.util.Objects;

/**
 * The outside services an {@code EngineHost} uses, each with a CPU-only default.
 *
 * @param accelerator runs exact vector and geo batches
 */
public record EngineExtensions(BatchAccelerator accelerator) {

  public EngineExtensions {
    Objects.requireNonNull(accelerator, "accelerator");
  }

  /** Everything on the engine's own CPU implementations. */
  public static EngineExtensions defaults() {
    return new EngineExtensions(new CpuBatchAccelerator());
  }

  public EngineExtensions withAccelerator(BatchAccelerator accelerator) {
    return new EngineExtensions(accelerator);
  }
}
