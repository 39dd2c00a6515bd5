package io.themisdb.gpu;

import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.KnnJob;
import io.themisdb.gpu.job.KnnResult;
import io.themisdb.gpu.job.Metric;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Jobs for scheduler tests on the {@link io.themisdb.gpu.accelerator.FakeCountingAccelerator}: a
 * one-query kNN job whose first component is its job number, against a two-dimensional set "s".
 */
final class FakeJobs {

  static final String SET = "s";

  private FakeJobs() {}

  /** Uploads the one-vector set every numbered job runs against. */
  static void uploadSet(BatchScheduler scheduler, String tenant) {
    scheduler.upload(tenant, SET, 1, new VectorData(2, new long[] {1}, new float[] {0, 0}));
  }

  static KnnJob numbered(int number) {
    return new KnnJob(SET, 1, Metric.L2, 1, 2, new float[] {number, 0});
  }

  /** The job number the fake answered with. */
  static long answer(CompletableFuture<KnnResult> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(30, TimeUnit.SECONDS).perQuery().getFirst().ids()[0];
  }
}
