/**
 * What the engine needs from outside, as small interfaces: a batch accelerator for exact vector and
 * geo work ({@link io.themisdb.engine.spi.BatchAccelerator}). {@link
 * io.themisdb.engine.spi.EngineExtensions} hands them to the {@code EngineHost}; platform-api
 * adapts the other modules (the GPU service, the encryption module) to them. Each has a plain CPU
 * default so the engine runs and is tested alone.
 */
package io.themisdb.engine.spi;
