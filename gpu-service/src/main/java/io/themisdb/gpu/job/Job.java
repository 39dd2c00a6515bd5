package io.themisdb.gpu.job;

/**
 * A unit of work a tenant submits to the scheduler. The kinds are closed: the scheduler and every
 * accelerator switch over them.
 *
 * <p>Jobs hold arrays and are not copied: a caller must not change them after submitting.
 *
 * @param <R> what the job yields
 */
public sealed interface Job<R extends JobResult>
    permits KnnJob, HaversineJob, WithinRadiusJob, PointInPolygonJob {

  /**
   * Work units this job costs the tenant in deficit round robin and in a batch: one per query
   * vector for kNN, one per started 4,096 point pairs or points for geo jobs.
   */
  int cost();

  /** Cost of {@code items} geo work items: one unit per started 4,096. */
  static int geoCost(long items) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (items + 4095) / 4096));
  }
}
