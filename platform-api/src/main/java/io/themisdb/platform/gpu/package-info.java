/**
 * The GPU service as the engine's batch accelerator: in-process ({@code BatchScheduler}, the
 * default) or remote over HTTP when {@code themis.gpu.service-url} is set, either adapted to the
 * engine's {@code BatchAccelerator} SPI, with accelerator time metered per tenant.
 */
package io.themisdb.platform.gpu;
