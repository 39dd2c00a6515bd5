package io.themisdb.gpu.scheduling;

import io.themisdb.gpu.accelerator.Accelerator;
import io.themisdb.gpu.job.Job;
import io.themisdb.gpu.job.JobResult;
import io.themisdb.gpu.vectorset.ResidentVectorSets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The scheduling loop behind {@code BatchScheduler}: tenants' jobs enter bounded queues, one
 * dispatcher thread forms micro-batches in deficit-round-robin order and hands them to a {@link
 * BatchRunner}.
 *
 * <p>Micro-batching: a batch leaves when it holds {@code maxBatchSize} work units or when the
 * oldest queued job has waited {@code maxWait}, whichever comes first.
 *
 * <p>Deadlines bound the wait to start: a timer fails a job at its deadline unless the runner
 * started it first, and the runner checks again right before the accelerator call, so an expired
 * job never starts and a started job is never failed by its deadline. Cancelling a job's future
 * removes it from its queue. Futures complete on the dispatcher thread (or the timer's, or the
 * canceller's): dependants that block should use the {@code *Async} methods.
 */
public final class Dispatcher implements AutoCloseable {

  private final SchedulerSettings settings;
  private final String acceleratorId;
  private final ResidentVectorSets sets;
  private final FairQueue<QueuedJob> queue;
  private final BatchRunner runner;
  private final Map<String, TenantMetrics> metrics = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final ScheduledThreadPoolExecutor timer;
  private final Thread thread;

  private long batches;
  private long batchedJobs;
  private long batchedCost;
  private long maxBatchCost;
  private double batchNanosEwma;
  private volatile boolean closed;

  public Dispatcher(
      SchedulerSettings settings,
      Accelerator accelerator,
      ResidentVectorSets sets,
      AcceleratorTimeListener listener) {
    this.settings = settings;
    this.acceleratorId = accelerator.id();
    this.sets = sets;
    this.queue =
        new FairQueue<>(settings.queueCapacity(), settings.quantum(), settings.defaultWeight());
    this.runner =
        new BatchRunner(
            accelerator,
            sets,
            listener,
            event -> metricsOf(event.tenant()).acceleratorNanos.addAndGet(event.time().toNanos()));
    this.timer =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().daemon().name("gpu-deadlines").unstarted(r));
    this.timer.setRemoveOnCancelPolicy(true);
    this.thread = Thread.ofPlatform().name("gpu-dispatcher").daemon().start(this::loop);
  }

  /** Sets the weight of {@code tenant} (from its plan); takes effect on its next turn. */
  public void setWeight(String tenant, int weight) {
    lock.lock();
    try {
      queue.setWeight(tenant, weight);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues {@code job} for {@code tenant}; the job fails with {@link DeadlineExceededException} if
   * it has not started within {@code timeout}.
   *
   * @throws RejectedJobException when the tenant's queue is full or the scheduler is closing
   */
  @SuppressWarnings("unchecked")
  public <R extends JobResult> CompletableFuture<R> submit(
      String tenant, Job<R> job, Duration timeout) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(job, "job");
    if (!timeout.isPositive()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    var future = new CompletableFuture<JobResult>();
    TenantMetrics tenantMetrics = metricsOf(tenant);
    QueuedJob queued;
    lock.lock();
    try {
      if (closed) {
        throw new RejectedJobException(tenant, "the scheduler is shutting down", Duration.ZERO);
      }
      queued = new QueuedJob(tenant, job, future, System.nanoTime(), timeout, batches);
      boolean wasEmpty = queue.isEmpty();
      if (!queue.offer(queued)) {
        tenantMetrics.rejected.incrementAndGet();
        throw new RejectedJobException(
            tenant,
            "its queue holds " + queue.capacity() + " jobs, the most allowed",
            retryAfter(tenant));
      }
      queued.queued = true;
      tenantMetrics.submitted.incrementAndGet();
      if (wasEmpty || queue.totalCost() >= settings.maxBatchSize()) {
        work.signal();
      }
    } finally {
      lock.unlock();
    }
    queued.deadlineTimer = timer.schedule(queued::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    future.whenComplete((result, failure) -> finished(queued, failure));
    return (CompletableFuture<R>) (CompletableFuture<?>) future;
  }

  /** Counts the outcome and takes a cancelled or expired job out of its queue. */
  private void finished(QueuedJob queued, Throwable failure) {
    var timerTask = queued.deadlineTimer;
    if (timerTask != null) {
      timerTask.cancel(false);
    }
    TenantMetrics tenantMetrics = metricsOf(queued.tenant);
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    switch (cause) {
      case null -> tenantMetrics.completed.incrementAndGet();
      case CancellationException c -> tenantMetrics.cancelled.incrementAndGet();
      case DeadlineExceededException d -> tenantMetrics.expired.incrementAndGet();
      default -> tenantMetrics.failed.incrementAndGet();
    }
    if (failure != null) {
      lock.lock();
      try {
        if (queued.queued) {
          queued.queued = false;
          queue.remove(queued);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private void loop() {
    while (true) {
      List<QueuedJob> batch = nextBatch();
      if (batch == null) {
        return;
      }
      long start = System.nanoTime();
      runner.run(batch);
      long elapsed = System.nanoTime() - start;
      lock.lock();
      try {
        batchNanosEwma = batchNanosEwma == 0 ? elapsed : 0.8 * batchNanosEwma + 0.2 * elapsed;
      } finally {
        lock.unlock();
      }
    }
  }

  /** Waits for a full batch or the oldest job's {@code maxWait}; null once closed. */
  private List<QueuedJob> nextBatch() {
    lock.lock();
    try {
      while (true) {
        while (!closed && queue.isEmpty()) {
          work.awaitUninterruptibly();
        }
        if (closed) {
          return null;
        }
        long maxWait = settings.maxWait().toNanos();
        while (!closed && !queue.isEmpty() && queue.totalCost() < settings.maxBatchSize()) {
          long left = queue.oldestEnqueuedNanos() + maxWait - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            work.awaitNanos(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
          }
        }
        if (closed) {
          return null;
        }
        List<QueuedJob> batch = queue.take(settings.maxBatchSize());
        if (batch.isEmpty()) {
          continue;
        }
        long now = System.nanoTime();
        long cost = 0;
        for (QueuedJob queued : batch) {
          queued.queued = false;
          cost += queued.cost();
          metricsOf(queued.tenant)
              .recordWait(now - queued.enqueuedNanos, batches - queued.batchesAtEnqueue);
        }
        batches++;
        batchedJobs += batch.size();
        batchedCost += cost;
        maxBatchCost = Math.max(maxBatchCost, cost);
        return batch;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * When the tenant's queue will likely have room: its queued work over its weighted share of the
   * batches, times the recent batch duration; at least {@code maxWait}, at most a minute.
   */
  private Duration retryAfter(String tenant) {
    long activeWeight = Math.max(1, queue.activeWeight());
    double share = Math.min(1, (double) queue.weight(tenant) / activeWeight);
    double batchesNeeded = queue.queuedCost(tenant) / (share * settings.maxBatchSize()) / 2;
    double batchNanos = Math.max(batchNanosEwma, settings.maxWait().toNanos());
    long nanos =
        (long) Math.min(60e9, Math.max(settings.maxWait().toNanos(), batchesNeeded * batchNanos));
    return Duration.ofNanos(Math.max(nanos, 1_000_000));
  }

  private TenantMetrics metricsOf(String tenant) {
    return metrics.computeIfAbsent(tenant, t -> new TenantMetrics());
  }

  public SchedulerSnapshot snapshot() {
    lock.lock();
    try {
      List<TenantQueueSnapshot> tenants = new ArrayList<>();
      for (var entry : metrics.entrySet()) {
        String tenant = entry.getKey();
        TenantMetrics m = entry.getValue();
        tenants.add(
            new TenantQueueSnapshot(
                tenant,
                queue.weight(tenant),
                queue.depth(tenant),
                queue.capacity(),
                m.submitted.get(),
                m.completed.get(),
                m.failed.get(),
                m.rejected.get(),
                m.expired.get(),
                m.cancelled.get(),
                m.meanWait(),
                m.p99Wait(),
                m.p99WaitBatches(),
                Duration.ofNanos(m.acceleratorNanos.get())));
      }
      tenants.sort(Comparator.comparing(TenantQueueSnapshot::tenant));
      long rejections = tenants.stream().mapToLong(TenantQueueSnapshot::rejected).sum();
      return new SchedulerSnapshot(
          acceleratorId,
          tenants,
          batches,
          runner.acceleratorCalls.get(),
          batches == 0 ? 0 : (double) batchedJobs / batches,
          batches == 0 ? 0 : (double) batchedCost / batches,
          maxBatchCost,
          rejections,
          sets.residentBytes(),
          sets.budgetBytes());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops taking jobs, lets the running batch finish, and fails every queued job with {@link
   * RejectedJobException}. Idempotent.
   */
  @Override
  public void close() {
    List<QueuedJob> left;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      left = queue.drain();
      left.forEach(queued -> queued.queued = false);
      work.signalAll();
    } finally {
      lock.unlock();
    }
    for (QueuedJob queued : left) {
      queued.future.completeExceptionally(
          new RejectedJobException(queued.tenant, "the scheduler shut down", Duration.ZERO));
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
  }
}
