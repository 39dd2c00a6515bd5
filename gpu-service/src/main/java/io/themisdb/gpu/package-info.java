/**
 * The shared GPU service: a fair, cross-tenant batch scheduler for vector and geo jobs.
 *
 * <p>Front door: {@code BatchScheduler}. Extension point: {@code io.themisdb.gpu.accelerator} (CUDA
 * through JCuda, and the CPU fallback). Runs inside platform-api or, from {@code
 * io.themisdb.gpu.app}, as its own Spring Boot service; only that package may use Spring Web.
 */
package io.themisdb.gpu;
