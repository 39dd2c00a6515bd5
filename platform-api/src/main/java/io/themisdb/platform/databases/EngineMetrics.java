package io.themisdb.platform.databases;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.themisdb.engine.EngineHost;
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
    Gauge.builder("themis.engine.cache.used", host, EngineHost::cacheUsage)
        .description("Bytes in the shared block cache, memtable reservations included")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("themis.engine.memory.budget", host, h -> h.settings().memoryBudgetBytes())
        .description("The configured cache and write-buffer budget")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("themis.engine.graph.cache.heap", host, EngineHost::graphCacheBytes)
        .description("Heap of the edge collections' adjacency caches (bounded by graph-cache)")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("themis.engine.vector.index.heap", host, EngineHost::vectorIndexBytes)
        .description("Estimated heap of the open databases' vector indexes (see vector-memory)")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("themis.engine.vector.memory.budget", host, h -> h.settings().vectorMemoryBytes())
        .description("The configured heap budget of the vector indexes")
        .baseUnit("bytes")
        .register(registry);
  }
}
