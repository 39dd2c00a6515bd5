package io.themisdb.engine.spi;

import java.util.Objects;

/**
 * The outside services an {@code EngineHost} uses, each with a CPU-only default.
 *
 * @param accelerator runs exact vector and geo batches
 * @param fieldCipher encrypts the attributes named by collection encryption policies; {@link
 *     FieldCipher#none()} by default, which refuses policies
 */
public record EngineExtensions(BatchAccelerator accelerator, FieldCipher fieldCipher) {

  public EngineExtensions {
    Objects.requireNonNull(accelerator, "accelerator");
    Objects.requireNonNull(fieldCipher, "fieldCipher");
  }

  public EngineExtensions(BatchAccelerator accelerator) {
    this(accelerator, FieldCipher.none());
  }

  /** Everything on the engine's own CPU implementations, without field encryption. */
  public static EngineExtensions defaults() {
    return new EngineExtensions(new CpuBatchAccelerator(), FieldCipher.none());
  }

  public EngineExtensions withAccelerator(BatchAccelerator accelerator) {
    return new EngineExtensions(accelerator, fieldCipher);
  }

  public EngineExtensions withFieldCipher(FieldCipher fieldCipher) {
    return new EngineExtensions(accelerator, fieldCipher);
  }
}
