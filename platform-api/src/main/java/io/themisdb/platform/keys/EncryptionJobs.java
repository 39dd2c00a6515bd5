package io.themisdb.platform.keys;

import io.themisdb.encryption.rotation.Throttle;
import io.themisdb.engine.EngineException;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.catalog.CollectionInfo;
import io.themisdb.engine.crypto.ReencryptionProgress;
import io.themisdb.platform.problem.EngineProblems;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Background passes that encrypt or re-encrypt a tenant's documents: after a policy grows on a
 * filled collection, and after a key rotation. One job per tenant at a time, on its own thread,
 * throttled to {@code themis.keys.reencrypt-documents-per-second}. The engine checkpoints every
 * batch, so a job cut short (restart, failure) resumes where it stopped when started again; the job
 * records themselves live in memory and say so ({@code state} of the latest job).
 */
@Component
public class EncryptionJobs implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EncryptionJobs.class);
  private static final int KEPT_PER_TENANT = 20;

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
   * @param failure the problem type that stopped a failed job
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
  private final Clock clock = Clock.systemUTC();
  private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<UUID, List<Tracked>> jobs = new ConcurrentHashMap<>();

  EncryptionJobs(KeySettings settings) {
    this.settings = settings;
  }

  /**
   * Starts a pass over every collection with an encryption policy. When a job of the tenant runs
   * already, that job is returned and makes one more round once it is through, since documents it
   * visited before this call (a rotation, a new policy) may need the work again.
   */
  public synchronized Job start(UUID tenant, TenantDatabase db, Kind kind, int keyVersion) {
    List<Tracked> mine = jobs.computeIfAbsent(tenant, t -> new ArrayList<>());
    for (Tracked t : mine) {
      if (t.state == State.RUNNING) {
        t.again = true;
        return t.view();
      }
    }
    Tracked job = new Tracked(UUID.randomUUID().toString(), kind, keyVersion, clock.instant());
    mine.add(job);
    while (mine.size() > KEPT_PER_TENANT) {
      mine.stream()
          .filter(t -> t.state != State.RUNNING)
          .min(Comparator.comparing(t -> t.startedAt))
          .ifPresent(mine::remove);
      if (mine.stream().allMatch(t -> t.state == State.RUNNING)) {
        break;
      }
    }
    runner.submit(() -> run(db, job));
    return job.view();
  }

  /** The tenant's jobs, newest first. */
  public List<Job> list(UUID tenant) {
    return jobs.getOrDefault(tenant, List.of()).stream()
        .sorted(Comparator.comparing((Tracked t) -> t.startedAt).reversed())
        .map(Tracked::view)
        .toList();
  }

  /** One of the tenant's jobs; another tenant's job id answers not-found. */
  public Job find(UUID tenant, String id) {
    return jobs.getOrDefault(tenant, List.of()).stream()
        .filter(t -> t.id.equals(id))
        .findFirst()
        .map(Tracked::view)
        .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No such job."));
  }

  /** Whether a job of the tenant is running. */
  public boolean running(UUID tenant) {
    return jobs.getOrDefault(tenant, List.of()).stream().anyMatch(t -> t.state == State.RUNNING);
  }

  private void run(TenantDatabase db, Tracked job) {
    Throttle throttle = Throttle.itemsPerSecond(settings.reencryptDocumentsPerSecond());
    try {
      do {
        job.again = false;
        runOnce(db, job, throttle);
      } while (job.again);
      job.finish(State.FINISHED, null, clock.instant());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      job.finish(State.FAILED, "interrupted", clock.instant());
    } catch (EngineException e) {
      log.warn("Encryption job {} stopped: {}", job.id, e.getClass().getSimpleName());
      job.finish(State.FAILED, EngineProblems.of(e).type().uri().toString(), clock.instant());
    } catch (RuntimeException e) {
      log.error("Encryption job {} failed", job.id, e);
      job.finish(State.FAILED, ProblemType.INTERNAL_ERROR.uri().toString(), clock.instant());
    }
  }

  /** One pass over each collection that has a policy now. */
  private static void runOnce(TenantDatabase db, Tracked job, Throttle throttle)
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
              p ->
                  job.progress.put(
                      collection,
                      new CollectionProgress(
                          collection, p.processed(), p.rewritten(), p.total(), p.finished())));
      job.progress.put(
          collection,
          new CollectionProgress(
              collection, done.processed(), done.rewritten(), done.total(), true));
    }
  }

  /** Stops the running passes at shutdown; their checkpoints let the next start resume. */
  @Override
  public void close() {
    runner.shutdownNow();
  }

  private static final class Tracked {
    final String id;
    final Kind kind;
    final int keyVersion;
    final Instant startedAt;
    final Map<String, CollectionProgress> progress =
        java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    volatile State state = State.RUNNING;
    volatile boolean again;
    volatile Instant finishedAt;
    volatile String failure;

    Tracked(String id, Kind kind, int keyVersion, Instant startedAt) {
      this.id = id;
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
