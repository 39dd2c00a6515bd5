package io.themisdb.platform.gpu;

import io.themisdb.engine.spi.BatchAccelerator;
import io.themisdb.engine.spi.CpuBatchAccelerator;
import io.themisdb.engine.spi.Neighbour;
import io.themisdb.engine.spi.VectorMetric;
import io.themisdb.engine.spi.VectorSet;
import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.GeoPoint;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.InvalidJobException;
import io.themisdb.gpu.job.KnnJob;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.job.Neighbours;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.job.Polygon;
import io.themisdb.gpu.scheduling.DeadlineExceededException;
import io.themisdb.gpu.scheduling.RejectedJobException;
import io.themisdb.gpu.vectorset.UnknownVectorSetException;
import io.themisdb.gpu.vectorset.VectorSetVersionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link BatchAccelerator} served by the GPU service, in-process or remote. The tenant
 * is the engine database's tenant ({@code tenantOf}); vector sets are uploaded on demand, when the
 * service does not hold the version the engine asks for, with row numbers as ids.
 *
 * <p>The GPU is an accelerator, never a point of failure: when the service refuses a job (queue
 * full, deadline passed, unreachable) or the work is beyond its limits ({@code k} over 1,024,
 * dimension over 4,096, non-finite values, a set over the memory budget), the engine's own {@link
 * CpuBatchAccelerator} answers, with the same results, and {@link #cpuFallbacks()} counts it.
 */
public final class GpuBatchAccelerator implements BatchAccelerator {

  private static final Logger log = LoggerFactory.getLogger(GpuBatchAccelerator.class);

  private record SetName(String tenant, String set) {}

  private final GpuJobs jobs;
  private final Function<String, String> tenantOf;
  private final CpuBatchAccelerator cpu = new CpuBatchAccelerator();
  private final ConcurrentHashMap<SetName, Long> uploaded = new ConcurrentHashMap<>();
  private final LongAdder fallbacks = new LongAdder();

  /**
   * @param tenantOf the tenant owning an engine database, by the database's name
   */
  GpuBatchAccelerator(GpuJobs jobs, Function<String, String> tenantOf) {
    this.jobs = jobs;
    this.tenantOf = tenantOf;
  }

  @Override
  public String id() {
    return "gpu-service";
  }

  /** Calls the CPU answered because the service refused or could not take the work. */
  public long cpuFallbacks() {
    return fallbacks.sum();
  }

  @Override
  public List<List<Neighbour>> nearest(VectorSet set, VectorMetric metric, float[] queries, int k) {
    int d = set.dimension();
    if (queries.length % d != 0) {
      throw new IllegalArgumentException(
          "queries hold " + queries.length + " floats, not a multiple of dimension " + d);
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, was " + k);
    }
    if (queries.length == 0) {
      return List.of();
    }
    if (k > KnnJob.MAX_K || d > KnnJob.MAX_DIMENSION || set.version() < 0) {
      return cpuFallback(
          "beyond the GPU service's limits", () -> cpu.nearest(set, metric, queries, k));
    }
    return orCpu(
        () -> gpuNearest(set, metric, queries, k), () -> cpu.nearest(set, metric, queries, k));
  }

  private List<List<Neighbour>> gpuNearest(
      VectorSet set, VectorMetric metric, float[] queries, int k) {
    String tenant = tenantOf.apply(set.database());
    var name = new SetName(tenant, set.name());
    int d = set.dimension();
    if (!Long.valueOf(set.version()).equals(uploaded.get(name))) {
      if (!upload(name, set)) {
        return emptyPerQuery(queries.length / d);
      }
    }
    List<List<Neighbour>> out = new ArrayList<>(queries.length / d);
    int chunk = KnnJob.MAX_QUERIES * d;
    for (int from = 0; from < queries.length; from += chunk) {
      float[] part = Arrays.copyOfRange(queries, from, Math.min(queries.length, from + chunk));
      var job = new KnnJob(set.name(), set.version(), metricOf(metric), k, d, part);
      List<Neighbours> result;
      try {
        result = jobs.knn(tenant, job).perQuery();
      } catch (UnknownVectorSetException | VectorSetVersionException e) {
        // evicted under the memory budget, or replaced by another version meanwhile
        upload(name, set);
        result = jobs.knn(tenant, job).perQuery();
      }
      for (Neighbours n : result) {
        var row = new ArrayList<Neighbour>(n.size());
        for (int i = 0; i < n.size(); i++) {
          row.add(new Neighbour((int) n.ids()[i], n.distances()[i]));
        }
        out.add(List.copyOf(row));
      }
    }
    return out;
  }

  /** Uploads the set's rows with their row numbers as ids; false when the set is empty. */
  private boolean upload(SetName name, VectorSet set) {
    float[] rows = set.rows().get();
    int d = set.dimension();
    if (rows.length % d != 0) {
      throw new IllegalArgumentException(
          "set " + set.name() + " holds " + rows.length + " floats, not whole rows of " + d);
    }
    int count = rows.length / d;
    if (count == 0) {
      return false;
    }
    long[] ids = new long[count];
    Arrays.setAll(ids, i -> i);
    jobs.upload(name.tenant(), name.set(), set.version(), new VectorData(d, ids, rows));
    uploaded.put(name, set.version());
    return true;
  }

  @Override
  public double[] distances(String database, double[] from, double[] to) {
    int n = from.length / 2;
    int m = to.length / 2;
    if (n == 0 || m == 0) {
      return new double[n * m];
    }
    if (m > HaversineJob.MAX_PAIRS) {
      return cpuFallback(
          "beyond the GPU service's limits", () -> cpu.distances(database, from, to));
    }
    return orCpu(
        () -> gpuDistances(tenantOf.apply(database), from, to, n, m),
        () -> cpu.distances(database, from, to));
  }

  private double[] gpuDistances(String tenant, double[] from, double[] to, int n, int m) {
    List<GeoPoint> targets = GeoPoint.fromLonLatPairs(to, "to");
    List<GeoPoint> sources = GeoPoint.fromLonLatPairs(from, "from");
    int rowsPerJob = (int) Math.max(1, HaversineJob.MAX_PAIRS / m);
    double[] out = new double[n * m];
    for (int row = 0; row < n; row += rowsPerJob) {
      int end = Math.min(n, row + rowsPerJob);
      var matrix = jobs.distances(tenant, new HaversineJob(sources.subList(row, end), targets));
      System.arraycopy(matrix.metres(), 0, out, row * m, (end - row) * m);
    }
    return out;
  }

  @Override
  public boolean[] insidePolygon(
      String database, double[] shell, List<double[]> holes, double[] points) {
    if (points.length / 2 == 0) {
      return new boolean[0];
    }
    return orCpu(
        () -> {
          var holeRings = new ArrayList<List<GeoPoint>>(holes.size());
          for (int i = 0; i < holes.size(); i++) {
            holeRings.add(GeoPoint.fromLonLatPairs(holes.get(i), "holes[" + i + "]"));
          }
          var polygon = new Polygon(GeoPoint.fromLonLatPairs(shell, "shell"), holeRings);
          return jobs.insidePolygon(
                  tenantOf.apply(database),
                  new PointInPolygonJob(polygon, GeoPoint.fromLonLatPairs(points, "points")))
              .inside();
        },
        () -> cpu.insidePolygon(database, shell, holes, points));
  }

  private <T> T orCpu(Supplier<T> gpu, Supplier<T> cpuAnswer) {
    try {
      return gpu.get();
    } catch (RejectedJobException
        | DeadlineExceededException
        | GpuServiceUnavailableException
        | UnknownVectorSetException
        | VectorSetVersionException e) {
      return cpuFallback(e.getMessage(), cpuAnswer);
    } catch (InvalidJobException e) {
      return cpuFallback("beyond the GPU service's limits: " + e.getMessage(), cpuAnswer);
    }
  }

  private <T> T cpuFallback(String why, Supplier<T> cpuAnswer) {
    fallbacks.increment();
    log.debug("Batch on the CPU instead of the GPU service ({}): {}", jobs.describe(), why);
    return cpuAnswer.get();
  }

  private static List<List<Neighbour>> emptyPerQuery(int queries) {
    List<List<Neighbour>> out = new ArrayList<>(queries);
    for (int i = 0; i < queries; i++) {
      out.add(List.of());
    }
    return out;
  }

  static Metric metricOf(VectorMetric metric) {
    return switch (metric) {
      case EUCLIDEAN -> Metric.L2;
      case COSINE -> Metric.COSINE;
      case DOT -> Metric.DOT;
    };
  }
}
