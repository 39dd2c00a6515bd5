package io.themisdb.platform.databases;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.themisdb.engine.EngineHost;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The engine host's memory on {@code /actuator/prometheus}: what the shared RocksDB cache holds
 * against its budget, the adjacency caches against theirs ({@code themis.engine.graph-cache}), and
 * the heap of the open databases' vector indexes against theirs ({@code
 * themis.engine.vector-memory}).
 */
@Component
class EngineMetrics implements MeterBinder {

  private final EngineHost host;

  EngineMetrics(EngineHost host) {
    this.host = host;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("themis.engine.open.databases", host, EngineHost::openDatabases)
        .description("Tenant databases whose storage is open")
        .register(registry);
    bytes(
        registry,
        "themis.engine.cache.used",
        EngineHost::cacheUsage,
        "Bytes in the shared block cache, memtable reservations included");
    bytes(
        registry,
        "themis.engine.memory.budget",
        h -> h.settings().memoryBudgetBytes(),
        "The configured cache and write-buffer budget");
    bytes(
        registry,
        "themis.engine.graph.cache.heap",
        EngineHost::graphCacheBytes,
        "Heap of the edge collections' adjacency caches (bounded by graph-cache)");
    bytes(
        registry,
        "themis.engine.vector.index.heap",
        EngineHost::vectorIndexBytes,
        "Estimated heap of the open databases' vector indexes (see vector-memory)");
    bytes(
        registry,
        "themis.engine.vector.memory.budget",
        h -> h.settings().vectorMemoryBytes(),
        "The configured heap budget of the vector indexes");
  }

  private void bytes(
      MeterRegistry registry, String name, ToDoubleFunction<EngineHost> value, String description) {
    Gauge.builder(name, host, value).description(description).baseUnit("bytes").register(registry);
  }
}
