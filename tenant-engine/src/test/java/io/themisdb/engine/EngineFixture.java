package io.themisdb.engine;

import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Small settings so tests stay fast and light on memory. */
final class EngineFixture {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private EngineFixture() {}

  static EngineSettings settings(Path root) {
    return EngineSettings.defaults(root)
        .withMemoryBudget(32L << 20)
        .withIdleTimeout(Duration.ZERO)
        .withLockTimeout(Duration.ofMillis(200));
  }

  static ObjectNode json(String text) {
    return (ObjectNode) JSON.readTree(text);
  }
}
