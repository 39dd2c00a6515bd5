package io.themisdb.gpu.scheduling;

import io.themisdb.gpu.accelerator.Accelerator;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.InvalidJobException;
import io.themisdb.gpu.job.JobResult;
import io.themisdb.gpu.job.KnnJob;
import io.themisdb.gpu.job.KnnResult;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.job.Neighbours;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.job.WithinRadiusJob;
import io.themisdb.gpu.vectorset.ResidentVectorSets;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one batch on the dispatcher thread: fuses compatible kNN jobs (same tenant, set, version,
 * metric and dimension) into one accelerator call, runs geo jobs one call each, completes the
 * futures and meters the accelerator time. A job whose deadline has passed is failed, not run; the
 * deadline is checked again right before each call.
 */
final class BatchRunner {

  private static final System.Logger LOG = System.getLogger(BatchRunner.class.getName());

  private record FuseKey(String tenant, String set, long version, Metric metric, int dimension) {}

  private final Accelerator accelerator;
  private final ResidentVectorSets sets;
  private final AcceleratorTimeListener listener;
  private final Consumer<AcceleratorTimeUsed> metrics;
  final java.util.concurrent.atomic.AtomicLong acceleratorCalls =
      new java.util.concurrent.atomic.AtomicLong();

  BatchRunner(
      Accelerator accelerator,
      ResidentVectorSets sets,
      AcceleratorTimeListener listener,
      Consumer<AcceleratorTimeUsed> metrics) {
    this.accelerator = accelerator;
    this.sets = sets;
    this.listener = listener;
    this.metrics = metrics;
  }

  void run(List<QueuedJob> batch) {
    Map<FuseKey, List<QueuedJob>> knn = new LinkedHashMap<>();
    List<QueuedJob> geo = new ArrayList<>();
    for (QueuedJob queued : batch) {
      switch (queued.job) {
        case KnnJob k ->
            knn.computeIfAbsent(
                    new FuseKey(queued.tenant, k.set(), k.version(), k.metric(), k.dimension()),
                    key -> new ArrayList<>())
                .add(queued);
        case HaversineJob h -> geo.add(queued);
        case WithinRadiusJob w -> geo.add(queued);
        case PointInPolygonJob p -> geo.add(queued);
      }
    }
    knn.forEach(this::runKnn);
    geo.forEach(this::runGeo);
  }

  private void runKnn(FuseKey key, List<QueuedJob> group) {
    List<QueuedJob> live = stillToRun(group);
    if (live.isEmpty()) {
      return;
    }
    try (var lease = sets.lease(key.tenant(), key.set(), key.version())) {
      var vectors = lease.vectors();
      if (vectors.dimension() != key.dimension()) {
        fail(
            live,
            new InvalidJobException(
                "queries have dimension "
                    + key.dimension()
                    + " but vector set '"
                    + key.set()
                    + "' has dimension "
                    + vectors.dimension()));
        return;
      }
      int total = 0;
      int maxK = 0;
      for (QueuedJob queued : live) {
        KnnJob job = (KnnJob) queued.job;
        total += job.queries().length;
        maxK = Math.max(maxK, job.k());
      }
      float[] queries = new float[total];
      int offset = 0;
      for (QueuedJob queued : live) {
        float[] q = ((KnnJob) queued.job).queries();
        System.arraycopy(q, 0, queries, offset, q.length);
        offset += q.length;
      }
      long start = System.nanoTime();
      List<Neighbours> all = accelerator.knn(vectors, key.metric(), maxK, queries);
      meter(key.tenant(), System.nanoTime() - start, live.size());
      int row = 0;
      for (QueuedJob queued : live) {
        KnnJob job = (KnnJob) queued.job;
        List<Neighbours> mine = new ArrayList<>(job.queryCount());
        for (int q = 0; q < job.queryCount(); q++) {
          mine.add(all.get(row++).first(job.k()));
        }
        queued.future.complete(new KnnResult(mine));
      }
    } catch (RuntimeException e) {
      fail(live, e);
    }
  }

  private void runGeo(QueuedJob queued) {
    if (stillToRun(List.of(queued)).isEmpty()) {
      return;
    }
    try {
      long start = System.nanoTime();
      JobResult result =
          switch (queued.job) {
            case HaversineJob h -> accelerator.haversine(h);
            case WithinRadiusJob w -> accelerator.withinRadius(w);
            case PointInPolygonJob p -> accelerator.pointInPolygon(p);
            case KnnJob k -> throw new IllegalStateException("kNN jobs are fused, not run alone");
          };
      meter(queued.tenant, System.nanoTime() - start, 1);
      queued.future.complete(result);
    } catch (RuntimeException e) {
      queued.future.completeExceptionally(e);
    }
  }

  /**
   * Starts the jobs neither finished (cancelled, timed out) nor past their deadline, and expires
   * the rest; from here on a job's deadline timer can no longer fail it.
   */
  private static List<QueuedJob> stillToRun(List<QueuedJob> jobs) {
    long now = System.nanoTime();
    List<QueuedJob> live = new ArrayList<>(jobs.size());
    for (QueuedJob queued : jobs) {
      if (queued.future.isDone()) {
        continue;
      }
      if (queued.expiredAt(now)) {
        queued.expire();
        continue;
      }
      if (queued.start()) {
        live.add(queued);
      }
    }
    return live;
  }

  private static void fail(List<QueuedJob> jobs, RuntimeException e) {
    jobs.forEach(queued -> queued.future.completeExceptionally(e));
  }

  private void meter(String tenant, long nanos, int jobs) {
    acceleratorCalls.incrementAndGet();
    var event = new AcceleratorTimeUsed(tenant, accelerator.id(), Duration.ofNanos(nanos), jobs);
    metrics.accept(event);
    try {
      listener.acceleratorTimeUsed(event);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "accelerator time listener failed; event dropped: " + event, e);
    }
  }
}
