package io.themisdb.gpu.accelerator.cpu;

import io.themisdb.gpu.accelerator.Accelerator;
import io.themisdb.gpu.accelerator.ResidentVectors;
import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.Containment;
import io.themisdb.gpu.job.DistanceMatrix;
import io.themisdb.gpu.job.GeoPoint;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.job.Neighbours;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.job.RadiusMatches;
import io.themisdb.gpu.job.WithinRadiusJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Exact kNN and geo jobs on the CPU: work split over a private fork-join pool, distances through
 * {@link DistanceKernels} (SIMD where the Vector API is present), top-k through bounded heaps.
 *
 * <p>kNN is tiled: each task takes a range of queries and a range of the set and walks the set in
 * blocks of {@value #BLOCK_ROWS} rows, so a block stays in cache while every query of the task
 * passes over it; partial heaps are merged per query at the end.
 */
public final class CpuAccelerator implements Accelerator {

  static final int BLOCK_ROWS = 256;
  private static final int MIN_ROWS_PER_TASK = 2048;

  private final DistanceKernels kernels;
  private final ForkJoinPool pool;
  private final int threads;
  private final AtomicBoolean closed = new AtomicBoolean();

  CpuAccelerator(int threads, DistanceKernels kernels) {
    this.threads = threads;
    this.kernels = kernels;
    this.pool = new ForkJoinPool(threads);
  }

  @Override
  public String id() {
    return CpuAcceleratorFactory.ID;
  }

  /** Which distance kernels run: {@code vector-api-256bit}, {@code scalar}. */
  public String kernels() {
    return kernels.name();
  }

  @Override
  public ResidentVectors upload(VectorData data) {
    return new CpuResidentVectors(data, kernels);
  }

  @Override
  public List<Neighbours> knn(ResidentVectors set, Metric metric, int k, float[] queries) {
    var resident = (CpuResidentVectors) set;
    int d = resident.dimension();
    int nq = queries.length / d;
    int n = resident.size();
    int kk = Math.min(k, n);
    if (kk == 0) {
      return java.util.Collections.nCopies(nq, new Neighbours(new long[0], new float[0]));
    }
    float[] queryNorms = new float[nq];
    if (metric == Metric.COSINE) {
      for (int q = 0; q < nq; q++) {
        queryNorms[q] = (float) Math.sqrt(kernels.dot(queries, q * d, queries, q * d, d));
      }
    }
    int queryChunks = Math.min(nq, threads);
    int rowChunks =
        Math.max(1, Math.min(ceilDiv(threads * 2, queryChunks), ceilDiv(n, MIN_ROWS_PER_TASK)));
    TopK[][] partial = new TopK[rowChunks][nq];
    run(
        queryChunks * rowChunks,
        task -> {
          int qc = task / rowChunks;
          int rc = task % rowChunks;
          int qLo = (int) ((long) nq * qc / queryChunks);
          int qHi = (int) ((long) nq * (qc + 1) / queryChunks);
          int rLo = (int) ((long) n * rc / rowChunks);
          int rHi = (int) ((long) n * (rc + 1) / rowChunks);
          for (int q = qLo; q < qHi; q++) {
            partial[rc][q] = new TopK(kk);
          }
          scan(resident, metric, queries, queryNorms, qLo, qHi, rLo, rHi, partial[rc]);
        });
    var out = new ArrayList<Neighbours>(nq);
    for (int q = 0; q < nq; q++) {
      TopK merged = partial[0][q];
      for (int rc = 1; rc < rowChunks; rc++) {
        merged.addAll(partial[rc][q]);
      }
      out.add(merged.toNeighbours(resident));
    }
    return out;
  }

  private void scan(
      CpuResidentVectors set,
      Metric metric,
      float[] queries,
      float[] queryNorms,
      int qLo,
      int qHi,
      int rLo,
      int rHi,
      TopK[] heaps) {
    int d = set.dimension();
    float[] base = set.data.vectors();
    for (int blockLo = rLo; blockLo < rHi; blockLo += BLOCK_ROWS) {
      int blockHi = Math.min(rHi, blockLo + BLOCK_ROWS);
      for (int q = qLo; q < qHi; q++) {
        TopK heap = heaps[q];
        int qo = q * d;
        for (int row = blockLo; row < blockHi; row++) {
          float distance =
              switch (metric) {
                case L2 -> kernels.squaredL2(queries, qo, base, row * d, d);
                case DOT -> -kernels.dot(queries, qo, base, row * d, d);
                case COSINE ->
                    cosineDistance(
                        kernels.dot(queries, qo, base, row * d, d), queryNorms[q], set.norms[row]);
              };
          if (distance <= heap.worst()) {
            heap.offer(distance, row);
          }
        }
      }
    }
  }

  static float cosineDistance(float dot, float normA, float normB) {
    float denominator = normA * normB;
    return denominator == 0 ? 1f : 1f - dot / denominator;
  }

  @Override
  public DistanceMatrix haversine(HaversineJob job) {
    List<GeoPoint> from = job.from();
    List<GeoPoint> to = job.to();
    int cols = to.size();
    double[] toLat = to.stream().mapToDouble(GeoPoint::latitude).toArray();
    double[] toLon = to.stream().mapToDouble(GeoPoint::longitude).toArray();
    double[] out = new double[from.size() * cols];
    run(
        from.size(),
        row -> {
          GeoPoint p = from.get(row);
          for (int c = 0; c < cols; c++) {
            out[row * cols + c] =
                GeoKernels.haversineMetres(p.latitude(), p.longitude(), toLat[c], toLon[c]);
          }
        });
    return new DistanceMatrix(from.size(), cols, out);
  }

  @Override
  public RadiusMatches withinRadius(WithinRadiusJob job) {
    GeoPoint c = job.centre();
    List<GeoPoint> points = job.points();
    int[] matches =
        inPool(
            () ->
                IntStream.range(0, points.size())
                    .parallel()
                    .filter(
                        i ->
                            GeoKernels.haversineMetres(
                                    c.latitude(),
                                    c.longitude(),
                                    points.get(i).latitude(),
                                    points.get(i).longitude())
                                <= job.radiusMetres())
                    .toArray());
    return new RadiusMatches(matches);
  }

  @Override
  public Containment pointInPolygon(PointInPolygonJob job) {
    var polygon = GeoKernels.FlatPolygon.of(job.polygon());
    List<GeoPoint> points = job.points();
    boolean[] inside = new boolean[points.size()];
    run(
        ceilDiv(points.size(), 1024),
        chunk -> {
          int hi = Math.min(points.size(), (chunk + 1) * 1024);
          for (int i = chunk * 1024; i < hi; i++) {
            inside[i] = polygon.contains(points.get(i).longitude(), points.get(i).latitude());
          }
        });
    return new Containment(inside);
  }

  private void run(int tasks, java.util.function.IntConsumer task) {
    if (tasks == 1) {
      task.accept(0);
      return;
    }
    inPool(
        () -> {
          IntStream.range(0, tasks).parallel().forEach(task);
          return null;
        });
  }

  private <T> T inPool(java.util.concurrent.Callable<T> work) {
    if (closed.get()) {
      throw new IllegalStateException("CPU accelerator is closed");
    }
    try {
      return pool.submit(work).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while computing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      pool.shutdownNow();
    }
  }
}
