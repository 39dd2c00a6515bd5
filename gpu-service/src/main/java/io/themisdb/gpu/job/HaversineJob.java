package io.themisdb.gpu.job;

import java.util.List;

/** Great-circle distances from every point of {@code from} to every point of {@code to}. */
public record HaversineJob(List<GeoPoint> from, List<GeoPoint> to) implements Job<DistanceMatrix> {

  public static final long MAX_PAIRS = 16L << 20;

  public HaversineJob {
    from = List.copyOf(from);
    to = List.copyOf(to);
    if (from.isEmpty() || to.isEmpty()) {
      throw new InvalidJobException("from and to must both hold at least one point");
    }
    if ((long) from.size() * to.size() > MAX_PAIRS) {
      throw new InvalidJobException(
          "at most " + MAX_PAIRS + " point pairs per job, was " + (long) from.size() * to.size());
    }
  }

  @Override
  public int cost() {
    return Job.geoCost((long) from.size() * to.size());
  }
}
