package io.themisdb.engine.aql;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.EngineSettings;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.aql.value.Values;
import io.themisdb.engine.catalog.CollectionType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A real RocksDB tenant database per test and helpers that run AQL and print JSON. */
abstract class AqlFixture {
  @TempDir Path root;
  EngineHost host;
  TenantDatabase db;

  @BeforeEach
  void startEngine() {
    host = EngineHost.start(settings(root));
    db = host.create("acme");
  }

  EngineSettings settings(Path root) {
    return EngineSettings.defaults(root)
        .withMemoryBudget(32L << 20)
        .withIdleTimeout(Duration.ZERO)
        .withLockTimeout(Duration.ofMillis(200));
  }

  @AfterEach
  void stopEngine() {
    host.close();
  }

  void collection(String name, String... documents) {
    db.createCollection(name, CollectionType.DOCUMENT);
    for (String d : documents) {
      db.insert(name, (ObjectNode) Values.JSON.readTree(d));
    }
  }

  List<JsonNode> run(String aql, Map<String, ?> bind) {
    try (QueryCursor c = db.query(aql, bind, QueryOptions.DEFAULT)) {
      return c.all();
    }
  }

  /** The results of {@code aql} as one JSON array text. */
  String json(String aql) {
    return json(aql, Map.of());
  }

  String json(String aql, Map<String, ?> bind) {
    return Values.JSON.writeValueAsString(run(aql, bind));
  }
}
