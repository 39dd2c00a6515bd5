package io.themisdb.gpu.accelerator;

/**
 * Makes {@link Accelerator}s of one kind. Registered in {@code
 * META-INF/services/io.themisdb.gpu.accelerator.AcceleratorFactory}; {@link AcceleratorSelection}
 * finds it by {@link #id()}.
 */
public interface AcceleratorFactory {

  /** The configuration value that selects this factory: {@code cpu}, {@code cuda}. */
  String id();

  /**
   * A new accelerator, owned (and closed) by the caller.
   *
   * @throws AcceleratorUnavailableException when this machine cannot run it (no driver, no device);
   *     the message says why
   */
  Accelerator create(AcceleratorSettings settings);
}
