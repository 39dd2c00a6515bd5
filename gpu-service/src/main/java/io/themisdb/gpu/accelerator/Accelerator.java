package io.themisdb.gpu.accelerator;

import io.themisdb.gpu.job.Containment;
import io.themisdb.gpu.job.DistanceMatrix;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.job.Neighbours;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.job.RadiusMatches;
import io.themisdb.gpu.job.WithinRadiusJob;
import java.util.List;

/**
 * Runs fused batches of jobs on one device (a GPU, or the CPU). Created by an {@link
 * AcceleratorFactory}; the scheduler is its only caller.
 *
 * <p>Threading: the scheduler calls from one dispatcher thread at a time, but {@link
 * #upload(VectorData)} and {@link ResidentVectors#close()} may come from other threads, so both
 * must be thread-safe. An implementation may use its own threads inside a call.
 *
 * <p>Null is never passed nor returned. Arguments are validated by the job records and the
 * scheduler (dimension matches the set, {@code k} in range); an accelerator may trust them.
 *
 * <p>Ownership: {@link ResidentVectors} returned by {@link #upload} belong to the caller, which
 * closes them; {@link #close()} frees whatever is still resident and is idempotent. Closing order:
 * the scheduler first, then the resident sets, then the accelerator.
 */
public interface Accelerator extends AutoCloseable {

  /** The id of the factory that made this accelerator: {@code cpu}, {@code cuda}. */
  String id();

  /** Makes {@code data} resident where this accelerator computes (device memory for a GPU). */
  ResidentVectors upload(VectorData data);

  /**
   * The {@code k} nearest vectors of {@code set} for each of the {@code queries} (row-major, the
   * set's dimension), nearest first (equal distances in no particular order). Returns one entry per
   * query with {@code min(k, set.size())} neighbours.
   */
  List<Neighbours> knn(ResidentVectors set, Metric metric, int k, float[] queries);

  /** Haversine distances in metres, exact to double precision. */
  DistanceMatrix haversine(HaversineJob job);

  /** Points within the radius, by the same haversine distance as {@link #haversine}. */
  RadiusMatches withinRadius(WithinRadiusJob job);

  /** Ray-casting point-in-polygon for every point of the job. */
  Containment pointInPolygon(PointInPolygonJob job);

  @Override
  void close();
}
