package io.themisdb.platform.documents;

import io.themisdb.engine.EngineException;
import io.themisdb.engine.StorageException;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.index.IndexDefinition;
import io.themisdb.engine.index.IndexSpec;
import io.themisdb.platform.databases.TenantDatabases;
import io.themisdb.platform.problem.EngineProblems;
import io.themisdb.platform.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Index builds in progress and recently failed, so that their progress resource can say how far a
 * build got or why it failed (the engine drops an index whose build fails). Builds run on virtual
 * threads; at shutdown they get a few seconds to finish before the engine host closes.
 */
@Component
class IndexBuilds implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IndexBuilds.class);
  private static final Duration KEEP_FAILED = Duration.ofHours(1);

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<Key, Build> builds = new ConcurrentHashMap<>();

  // Declared so that Spring closes this bean before the engine host it builds on.
  IndexBuilds(TenantDatabases databases) {}

  /** A build's state as the API shows it. */
  static final class Build {
    /** What is being built, so that a build not yet in the catalog can be shown. */
    final IndexSpec spec;

    /** Documents to index; -1 until counted. */
    volatile long total;

    final AtomicLong indexed = new AtomicLong();
    volatile ProblemException failure;
    volatile Instant ended;

    Build(IndexSpec spec, long total) {
      this.spec = spec;
      this.total = total;
    }
  }

  /** Builds the index in the calling thread; failures are thrown. */
  IndexDefinition buildNow(
      UUID tenant, TenantDatabase db, String collection, IndexSpec spec, long total) {
    Key key = new Key(tenant, collection, spec.name());
    Build build = new Build(spec, total);
    builds.put(key, build);
    try {
      return db.createIndex(collection, spec, build.indexed::set);
    } finally {
      builds.remove(key, build);
    }
  }

  /** Starts the build in the background; its progress shows through {@link #find}. */
  void buildLater(UUID tenant, TenantDatabase db, String collection, IndexSpec spec) {
    Key key = new Key(tenant, collection, spec.name());
    Build build = new Build(spec, -1);
    builds.put(key, build);
    executor.execute(
        () -> {
          try {
            build.total = db.stats(collection).documentCount();
            db.createIndex(collection, spec, build.indexed::set);
            builds.remove(key, build);
          } catch (EngineException e) {
            build.failure = EngineProblems.of(e);
            build.ended = Instant.now();
          } catch (RuntimeException e) {
            log.error("Index build {} of tenant {} failed", spec.name(), tenant, e);
            build.failure = EngineProblems.of(new StorageException(e.getMessage(), e));
            build.ended = Instant.now();
          }
        });
  }

  /** The running or recently failed build of this index, if any. */
  Optional<Build> find(UUID tenant, String collection, String index) {
    Instant oldest = Instant.now().minus(KEEP_FAILED);
    builds
        .entrySet()
        .removeIf(e -> e.getValue().ended != null && e.getValue().ended.isBefore(oldest));
    return Optional.ofNullable(builds.get(new Key(tenant, collection, index)));
  }

  /** Forgets a failed build, e.g. when an index of the same name is created again. */
  void forget(UUID tenant, String collection, String index) {
    builds.computeIfPresent(
        new Key(tenant, collection, index), (k, b) -> b.failure != null ? null : b);
  }

  @Override
  public void close() throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
      executor.shutdownNow();
    }
  }

  private record Key(UUID tenant, String collection, String index) {}
}
