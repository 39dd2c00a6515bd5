/**
 * The accelerator extension point: {@link io.themisdb.gpu.accelerator.AcceleratorFactory} (one per
 * kind, found by id through {@code META-INF/services}) makes an {@link
 * io.themisdb.gpu.accelerator.Accelerator}. Shipped kinds: {@code cpu} (always) and {@code cuda}
 * (where a driver and a device are present).
 */
package io.themisdb.gpu.accelerator;
