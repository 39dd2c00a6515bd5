package io.themisdb.platform.gpu;

import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.Containment;
import io.themisdb.gpu.job.DistanceMatrix;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.KnnJob;
import io.themisdb.gpu.job.KnnResult;
import io.themisdb.gpu.job.PointInPolygonJob;

/**
 * The GPU service as {@link GpuBatchAccelerator} uses it, whichever deployment runs it. Calls block
 * until the job ran. Failures are the service's own exceptions, whichever deployment: {@code
 * UnknownVectorSetException}, {@code VectorSetVersionException}, {@code RejectedJobException},
 * {@code DeadlineExceededException}, {@code InvalidJobException}, and {@link
 * GpuServiceUnavailableException} when a remote service cannot be reached.
 */
interface GpuJobs {

  /** {@code in-process:cpu}, {@code remote}, ...: for logs and the accelerator id. */
  String describe();

  void upload(String tenant, String set, long version, VectorData data);

  KnnResult knn(String tenant, KnnJob job);

  DistanceMatrix distances(String tenant, HaversineJob job);

  Containment insidePolygon(String tenant, PointInPolygonJob job);

  /** Sets the tenant's weight in the fair scheduler (from its plan), at least 1. */
  void setWeight(String tenant, int weight);

  /** The queues as {@code QueuesView}'s JSON shape, for the operator view. */
  Object queues();
}
