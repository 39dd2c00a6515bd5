package io.themisdb.engine.aql;

import io.themisdb.engine.EngineSettings;
import java.nio.file.Path;

/** {@link AqlTraversalTest} with no adjacency kept in memory: every traversal reads the index. */
class AqlTraversalWithoutGraphCacheTest extends AqlTraversalTest {
  @Override
  EngineSettings settings(Path root) {
    return super.settings(root).withGraphCacheBytes(0);
  }
}
