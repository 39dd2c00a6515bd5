package io.themisdb.gpu.scheduling;

import io.themisdb.gpu.job.Job;
import io.themisdb.gpu.job.JobResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** A submitted job on its way through the queue; identity equality. */
final class QueuedJob implements FairQueue.Item {

  final String tenant;
  final Job<?> job;
  final CompletableFuture<JobResult> future;
  final long enqueuedNanos;
  final long deadlineNanos;
  final Duration timeout;
  final long batchesAtEnqueue;

  /** Guarded by the dispatcher lock: true from enqueue until the dispatcher takes it. */
  boolean queued;

  volatile ScheduledFuture<?> deadlineTimer;

  /**
   * Set once, by whichever comes first: the runner starting the job or its deadline expiring it.
   * The deadline bounds the wait to start, so a job that started is never failed by it (#9).
   */
  private final AtomicBoolean decided = new AtomicBoolean();

  QueuedJob(
      String tenant,
      Job<?> job,
      CompletableFuture<JobResult> future,
      long enqueuedNanos,
      Duration timeout,
      long batchesAtEnqueue) {
    this.tenant = tenant;
    this.job = job;
    this.future = future;
    this.enqueuedNanos = enqueuedNanos;
    this.timeout = timeout;
    this.deadlineNanos = enqueuedNanos + timeout.toNanos();
    this.batchesAtEnqueue = batchesAtEnqueue;
  }

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public int cost() {
    return job.cost();
  }

  @Override
  public long enqueuedNanos() {
    return enqueuedNanos;
  }

  boolean expiredAt(long nowNanos) {
    return nowNanos - deadlineNanos >= 0;
  }

  /** Claims the job for the accelerator; false when it already finished or expired. */
  boolean start() {
    return !future.isDone() && decided.compareAndSet(false, true);
  }

  /** Fails the job with {@link DeadlineExceededException} unless it already started. */
  void expire() {
    if (decided.compareAndSet(false, true)) {
      future.completeExceptionally(deadlineExceeded());
    }
  }

  private DeadlineExceededException deadlineExceeded() {
    return new DeadlineExceededException(tenant, job.getClass().getSimpleName(), timeout);
  }
}
