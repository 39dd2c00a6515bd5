package io.themisdb.platform.keys;

import io.themisdb.encryption.rotation.Throttle;
import io.themisdb.engine.EngineException;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.crypto.ReencryptionProgress;
import io.themisdb.platform.databases.TenantDatabases;
import io.themisdb.platform.problem.EngineProblems;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.Tenant;
import io.themisdb.platform.tenancy.TenantStatus;
import io.themisdb.platform.tenancy.Tenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Background passes that encrypt or re-encrypt a tenant's documents: after a policy grows on a
 * filled collection, and after a key rotation. One job per tenant at a time, on its own thread,
 * throttled to {@code themis.keys.reencrypt-documents-per-second}. Job records live in the control
 * plane ({@link EncryptionJobRecords}), progress saved at most once a second; the engine
 * checkpoints every batch. A job that a shutdown cut short stays {@code RUNNING} in its record and
 * is resumed, from the engine's checkpoints, when the platform starts again.
 */
@Component
public class EncryptionJobs implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EncryptionJobs.class);
  private static final int KEPT_PER_TENANT = 20;
  private static final Duration SAVE_EVERY = Duration.ofSeconds(1);

  /** Why a job runs. */
  public enum Kind {
    /** Attributes added to a policy: documents written before hold them in the clear. */
    ENCRYPT,
    /** A key rotation: values under older key versions get the new primary. */
    REENCRYPT
  }

  public enum State {
    RUNNING,
    FINISHED,
    FAILED
  }

  /** Progress of one collection within a job. */
  public record CollectionProgress(
      String collection, long processed, long rewritten, long total, boolean finished) {}

  /**
   * A job as the API shows it.
   *
   * @param keyVersion the primary key version when the job started
   * @param failure the problem type that stopped a failed job ({@code interrupted}, {@code
   *     tenant-deleted} where no problem applies)
   */
  public record Job(
      String id,
      Kind kind,
      State state,
      int keyVersion,
      Instant startedAt,
      Instant finishedAt,
      List<CollectionProgress> collections,
      String failure) {}

  private final KeySettings settings;
  private final EncryptionJobRecords records;
  private final Tenants tenants;
  private final TenantDatabases databases;
  private final Clock clock = Clock.systemUTC();
  private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();

  /** Jobs running in this process, by id: their progress is fresher than the records'. */
  private final Map<String, Tracked> live = new ConcurrentHashMap<>();

  private volatile boolean closing;

  EncryptionJobs(
      KeySettings settings,
      EncryptionJobRecords records,
      Tenants tenants,
      TenantDatabases databases) {
    this.settings = settings;
    this.records = records;
    this.tenants = tenants;
    this.databases = databases;
  }

  /**
   * Starts a pass over every collection with an encryption policy. When a job of the tenant runs
   * already, that job is returned and makes one more round once it is through, since documents it
   * visited before this call (a rotation, a new policy) may need the work again.
   */
  public synchronized Job start(UUID tenant, TenantDatabase db, Kind kind, int keyVersion) {
    for (Tracked t : live.values()) {
      if (t.tenant.equals(tenant) && t.state == State.RUNNING) {
        t.again = true;
        records.update(t.view(), true);
        return t.view();
      }
    }
    Tracked job =
        new Tracked(UUID.randomUUID().toString(), tenant, kind, keyVersion, clock.instant());
    records.insert(tenant, job.view());
    records.trim(tenant, KEPT_PER_TENANT);
    launch(db, job);
    return job.view();
  }

  /** Resumes the jobs that a shutdown or crash left running; the engine passes pick up there. */
  @EventListener(ApplicationReadyEvent.class)
  synchronized void resumeUnfinished() {
    for (EncryptionJobRecords.Stored stored : records.unfinished()) {
      Job record = stored.job();
      Tracked job =
          new Tracked(
              record.id(), stored.tenant(), record.kind(), record.keyVersion(), record.startedAt());
      record.collections().forEach(c -> job.progress.put(c.collection(), c));
      job.again = stored.rerun();
      Optional<Tenant> tenant =
          tenants.find(stored.tenant()).filter(t -> t.status() != TenantStatus.DELETED);
      if (tenant.isEmpty()) {
        job.finish(State.FAILED, "tenant-deleted", clock.instant());
        records.update(job.view(), false);
        continue;
      }
      try {
        TenantDatabase db = databases.of(tenant.get());
        log.info("Resuming encryption job {}", job.id);
        launch(db, job);
      } catch (EngineException | IllegalStateException e) {
        // One tenant's database that does not open must not keep the platform from starting.
        log.error("Encryption job {} cannot resume", job.id, e);
        job.finish(
            State.FAILED, ProblemType.DATABASE_UNAVAILABLE.uri().toString(), clock.instant());
        records.update(job.view(), false);
      }
    }
  }

  /** The tenant's jobs, newest first. */
  public List<Job> list(UUID tenant) {
    return records.list(tenant).stream().map(this::fresh).toList();
  }

  /** One of the tenant's jobs; another tenant's job id answers not-found. */
  public Job find(UUID tenant, String id) {
    Optional<UUID> uuid;
    try {
      uuid = Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      uuid = Optional.empty();
    }
    return uuid.flatMap(u -> records.find(tenant, u))
        .map(this::fresh)
        .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No such job."));
  }

  /** Whether a job of the tenant is running. */
  public boolean running(UUID tenant) {
    return live.values().stream()
        .anyMatch(t -> t.tenant.equals(tenant) && t.state == State.RUNNING);
  }

  private Job fresh(Job stored) {
    Tracked running = live.get(stored.id());
    return running != null ? running.view() : stored;
  }

  private void launch(TenantDatabase db, Tracked job) {
    live.put(job.id, job);
    runner.submit(() -> run(db, job));
  }

  private void run(TenantDatabase db, Tracked job) {
    Throttle throttle = Throttle.itemsPerSecond(settings.reencryptDocumentsPerSecond());
    try {
      while (true) {
        runOnce(db, job, throttle);
        // Under the lock start() takes, so a call that finds this job running gets its round.
        synchronized (this) {
          if (!job.again) {
            end(job, State.FINISHED, null);
            return;
          }
          job.again = false;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end(job, State.FAILED, "interrupted");
    } catch (EngineException e) {
      log.warn("Encryption job {} stopped: {}", job.id, e.getClass().getSimpleName());
      end(job, State.FAILED, EngineProblems.of(e).type().uri().toString());
    } catch (RuntimeException e) {
      log.error("Encryption job {} failed", job.id, e);
      end(job, State.FAILED, ProblemType.INTERNAL_ERROR.uri().toString());
    }
  }

  /**
   * Records how the job ended; during shutdown the record stays RUNNING with its progress instead,
   * because whatever stopped the pass (the interrupt, the engine closing) was the shutdown.
   */
  private void end(Tracked job, State state, String failure) {
    try {
      if (closing) {
        records.update(job.view(), job.again);
        return;
      }
      job.finish(state, failure, clock.instant());
      records.update(job.view(), false);
    } catch (RuntimeException e) {
      log.error("Encryption job {} ended as {} but its record was not saved", job.id, state, e);
    } finally {
      live.remove(job.id);
    }
  }

  /** Saves the job's progress when the last save is a while ago. */
  private void checkpoint(Tracked job) {
    Instant now = clock.instant();
    if (Duration.between(job.savedAt, now).compareTo(SAVE_EVERY) >= 0) {
      job.savedAt = now;
      records.update(job.view(), job.again);
    }
  }

  /** One pass over each collection that has a policy now. */
  private void runOnce(TenantDatabase db, Tracked job, Throttle throttle)
      throws InterruptedException {
    List<String> targets =
        db.collections().stream()
            .map(CollectionInfo::name)
            .filter(c -> db.encryptionPolicy(c).isPresent())
            .toList();
    targets.forEach(c -> job.progress.put(c, new CollectionProgress(c, 0, 0, 0, false)));
    for (String collection : targets) {
      ReencryptionProgress done =
          db.reencrypt(
              collection,
              throttle::acquire,
              p -> {
                job.progress.put(
                    collection,
                    new CollectionProgress(
                        collection, p.processed(), p.rewritten(), p.total(), p.finished()));
                checkpoint(job);
              });
      job.progress.put(
          collection,
          new CollectionProgress(
              collection, done.processed(), done.rewritten(), done.total(), true));
    }
  }

  /**
   * Stops the running passes at shutdown and waits briefly for their records to be saved; the
   * engine's checkpoints let the next start resume them.
   */
  @Override
  public void close() {
    closing = true;
    runner.shutdownNow();
    try {
      if (!runner.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Encryption jobs still running at shutdown; they resume on the next start");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Tracked {
    final String id;
    final UUID tenant;
    final Kind kind;
    final int keyVersion;
    final Instant startedAt;
    final Map<String, CollectionProgress> progress =
        java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    volatile State state = State.RUNNING;
    volatile boolean again;
    volatile Instant finishedAt;
    volatile String failure;
    volatile Instant savedAt;

    Tracked(String id, UUID tenant, Kind kind, int keyVersion, Instant startedAt) {
      this.id = id;
      this.tenant = tenant;
      this.savedAt = startedAt;
      this.kind = kind;
      this.keyVersion = keyVersion;
      this.startedAt = startedAt;
    }

    void finish(State state, String failure, Instant at) {
      this.failure = failure;
      this.finishedAt = at;
      this.state = state;
    }

    Job view() {
      List<CollectionProgress> collections;
      synchronized (progress) {
        collections = List.copyOf(progress.values());
      }
      return new Job(id, kind, state, keyVersion, startedAt, finishedAt, collections, failure);
    }
  }
}
