package io.themisdb.gpu;

import io.themisdb.gpu.accelerator.Accelerator;
import io.themisdb.gpu.accelerator.AcceleratorSelection;
import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.Job;
import io.themisdb.gpu.job.JobResult;
import io.themisdb.gpu.scheduling.AcceleratorTimeListener;
import io.themisdb.gpu.scheduling.DeadlineExceededException;
import io.themisdb.gpu.scheduling.Dispatcher;
import io.themisdb.gpu.scheduling.RejectedJobException;
import io.themisdb.gpu.scheduling.SchedulerSettings;
import io.themisdb.gpu.scheduling.SchedulerSnapshot;
import io.themisdb.gpu.vectorset.ResidentVectorSets;
import io.themisdb.gpu.vectorset.UnknownVectorSetException;
import io.themisdb.gpu.vectorset.VectorSetDelta;
import io.themisdb.gpu.vectorset.VectorSetKey;
import io.themisdb.gpu.vectorset.VectorSetVersionException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The GPU service's front door: tenants upload vector sets and submit vector and geo jobs; jobs are
 * queued per tenant, scheduled fairly (weighted deficit round robin), micro-batched, fused where
 * compatible and run on the accelerator chosen at start-up (CUDA where a device is present, CPU
 * otherwise).
 *
 * <p>Thread-safe. The tenant is always an argument, never ambient: the caller (platform-api) takes
 * it from the authenticated principal. Vector sets belong to one tenant; a job can only reach its
 * own tenant's sets.
 *
 * <p>Failures, through the returned future: {@link DeadlineExceededException} (did not start in
 * time, not run), {@link UnknownVectorSetException} and {@link VectorSetVersionException} (set not
 * resident at that version), {@link io.themisdb.gpu.job.InvalidJobException} (dimension differs
 * from the set's), {@link java.util.concurrent.CancellationException} (cancelled through the
 * future). Thrown at once: {@link RejectedJobException} (queue full, with a retry-after hint).
 *
 * <p>Close order: the dispatcher (queued jobs fail with {@link RejectedJobException}, the running
 * batch finishes), then the resident vector sets, then the accelerator.
 */
public final class BatchScheduler implements AutoCloseable {

  private final Accelerator accelerator;
  private final ResidentVectorSets sets;
  private final Dispatcher dispatcher;
  private final SchedulerSettings settings;

  private BatchScheduler(
      Accelerator accelerator, SchedulerSettings settings, AcceleratorTimeListener listener) {
    this.accelerator = accelerator;
    this.settings = settings;
    this.sets = new ResidentVectorSets(accelerator, settings.residentBudgetBytes());
    this.dispatcher = new Dispatcher(settings, accelerator, sets, listener);
  }

  /**
   * Starts a scheduler on the accelerator registered as {@code acceleratorId} ({@code cuda} falls
   * back to {@code cpu}, logged once, where it cannot run).
   *
   * @throws IllegalArgumentException for an unknown accelerator id
   */
  public static BatchScheduler start(
      String acceleratorId,
      AcceleratorSettings acceleratorSettings,
      SchedulerSettings settings,
      AcceleratorTimeListener listener) {
    Accelerator accelerator =
        AcceleratorSelection.fromServiceLoader().select(acceleratorId, acceleratorSettings);
    return new BatchScheduler(accelerator, settings, listener);
  }

  /** Starts a scheduler on {@code accelerator}, which it owns and closes from now on. */
  public static BatchScheduler start(
      Accelerator accelerator, SchedulerSettings settings, AcceleratorTimeListener listener) {
    return new BatchScheduler(accelerator, settings, listener);
  }

  /** The accelerator in use: {@code cuda} or {@code cpu}; for the health endpoint. */
  public String acceleratorId() {
    return accelerator.id();
  }

  /** Sets {@code tenant}'s scheduling weight (from its plan), at least 1. */
  public void setWeight(String tenant, int weight) {
    dispatcher.setWeight(tenant, weight);
  }

  /** Submits with the default timeout of the settings. */
  public <R extends JobResult> CompletableFuture<R> submit(String tenant, Job<R> job) {
    return submit(tenant, job, settings.defaultTimeout());
  }

  /**
   * Queues {@code job} for {@code tenant}; it fails with {@link DeadlineExceededException} unless
   * it starts within {@code timeout}. Cancel it through the returned future.
   *
   * @throws RejectedJobException when the tenant's queue is full
   */
  public <R extends JobResult> CompletableFuture<R> submit(
      String tenant, Job<R> job, Duration timeout) {
    return dispatcher.submit(tenant, job, timeout);
  }

  /**
   * Makes {@code data} the resident version {@code version} of the tenant's set, replacing any
   * other; may evict other sets (any tenant's) least recently used first. The arrays are copied.
   */
  public VectorSetKey upload(String tenant, String set, long version, VectorData data) {
    return sets.upload(new VectorSetKey(tenant, set, version), data);
  }

  /** Applies a delta from the engine's change log; returns the new version's key. */
  public VectorSetKey applyDelta(String tenant, String set, VectorSetDelta delta) {
    new VectorSetKey(tenant, set, delta.newVersion());
    return sets.applyDelta(tenant, set, delta);
  }

  /** Drops the tenant's set; a no-op when it is not resident. */
  public void drop(String tenant, String set) {
    sets.drop(tenant, set);
  }

  /** The resident version of the tenant's set, empty when it is not resident. */
  public OptionalLong residentVersion(String tenant, String set) {
    return sets.residentVersion(tenant, set);
  }

  /** Queues, waits, batches and rejections now; cheap enough to poll each second. */
  public SchedulerSnapshot snapshot() {
    return dispatcher.snapshot();
  }

  /** Idempotent; see the class comment for the order. */
  @Override
  public void close() {
    dispatcher.close();
    sets.close();
    accelerator.close();
  }
}
