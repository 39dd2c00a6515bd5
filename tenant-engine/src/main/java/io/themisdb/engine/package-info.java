/**
 * The ThemisDB engine: one RocksDB-backed multi-model database per tenant.
 *
 * <p>Front door: {@code EngineHost} (one per process) hands out {@code TenantDatabase}s. What the
 * engine needs from outside (a field cipher, a batch accelerator, a change listener) it declares in
 * {@code io.themisdb.engine.spi}; platform-api adapts the other modules to it. Plain Java: no
 * Spring, and only the {@code storage} package talks to RocksDB.
 */
package io.themisdb.engine;
