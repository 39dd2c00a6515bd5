package io.themisdb.platform.gpu;

import io.themisdb.gpu.BatchScheduler;
import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.Containment;
import io.themisdb.gpu.job.DistanceMatrix;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.Job;
import io.themisdb.gpu.job.JobResult;
import io.themisdb.gpu.job.KnnJob;
import io.themisdb.gpu.job.KnnResult;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.scheduling.QueuesView;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The default deployment: the scheduler runs inside platform-api. */
final class InProcessGpuJobs implements GpuJobs {

  private final BatchScheduler scheduler;

  InProcessGpuJobs(BatchScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public String describe() {
    return "in-process:" + scheduler.acceleratorId();
  }

  @Override
  public void upload(String tenant, String set, long version, VectorData data) {
    scheduler.upload(tenant, set, version, data);
  }

  @Override
  public KnnResult knn(String tenant, KnnJob job) {
    return run(tenant, job);
  }

  @Override
  public DistanceMatrix distances(String tenant, HaversineJob job) {
    return run(tenant, job);
  }

  @Override
  public Containment insidePolygon(String tenant, PointInPolygonJob job) {
    return run(tenant, job);
  }

  @Override
  public void setWeight(String tenant, int weight) {
    scheduler.setWeight(tenant, weight);
  }

  @Override
  public QueuesView queues() {
    return QueuesView.of(scheduler.snapshot());
  }

  private <R extends JobResult> R run(String tenant, Job<R> job) {
    Future<R> future = scheduler.submit(tenant, job);
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for the GPU job");
    } catch (ExecutionException e) {
      // the scheduler's failures are unchecked; rethrow them as they are
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("GPU job failed", e.getCause());
    }
  }
}
