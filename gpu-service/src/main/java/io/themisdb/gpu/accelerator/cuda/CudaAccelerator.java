package io.themisdb.gpu.accelerator.cuda;

import io.themisdb.gpu.accelerator.Accelerator;
import io.themisdb.gpu.accelerator.ResidentVectors;
import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.Containment;
import io.themisdb.gpu.job.DistanceMatrix;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.job.Neighbours;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.job.RadiusMatches;
import io.themisdb.gpu.job.WithinRadiusJob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Exact kNN and geo jobs on one CUDA device. kNN: the queries of a call are split into chunks whose
 * distance matrix fits the scratch budget; per chunk the device computes the matrix ({@code
 * distance_matrix}) and selects the top k of every query ({@code topk_select}: per segment of rows,
 * then once more over the segments' winners), and only k pairs per query come back. Geo jobs run in
 * {@link CudaGeoKernels}.
 *
 * <p>Every device allocation of a call is made in try-with-resources and freed before the call
 * returns, also when a launch fails.
 */
public final class CudaAccelerator implements Accelerator {

  private static final int TILE = 16;

  private final CudaDevice device;
  private final long scratchBytes;
  private final CudaGeoKernels geo;

  CudaAccelerator(CudaDevice device, long scratchBytes) {
    this.device = device;
    this.scratchBytes = scratchBytes;
    this.geo = new CudaGeoKernels(device);
  }

  @Override
  public String id() {
    return CudaAcceleratorFactory.ID;
  }

  /** The device's name, for the health endpoint. */
  public String deviceName() {
    return device.name();
  }

  @Override
  public ResidentVectors upload(VectorData data) {
    device.makeCurrent();
    return new CudaResidentVectors(device, data);
  }

  @Override
  public List<Neighbours> knn(ResidentVectors set, Metric metric, int k, float[] queries) {
    var resident = (CudaResidentVectors) set;
    int d = resident.dimension();
    int nq = queries.length / d;
    int n = resident.size();
    int kk = Math.min(k, n);
    if (kk == 0) {
      return Collections.nCopies(nq, new Neighbours(new long[0], new float[0]));
    }
    var plan = KnnLaunchPlan.of(n, d, nq, kk, scratchBytes);
    int chunk = plan.queriesPerChunk();
    float[] queryNorms =
        metric == Metric.COSINE ? CudaResidentVectors.norms(queries, d) : new float[nq];
    device.makeCurrent();
    List<Neighbours> out = new ArrayList<>(nq);
    for (int q0 = 0; q0 < nq; q0 += chunk) {
      int m = Math.min(chunk, nq - q0);
      float[] chunkQueries = Arrays.copyOfRange(queries, q0 * d, (q0 + m) * d);
      float[] chunkNorms = Arrays.copyOfRange(queryNorms, q0, q0 + m);
      knnChunk(resident, metric, plan, chunkQueries, chunkNorms, out);
    }
    return out;
  }

  private void knnChunk(
      CudaResidentVectors set,
      Metric metric,
      KnnLaunchPlan plan,
      float[] queries,
      float[] queryNorms,
      List<Neighbours> out) {
    int d = set.dimension();
    int n = set.size();
    int m = queryNorms.length;
    int k = plan.k();
    int kp = plan.kp();
    int segments = plan.segments();
    long partial = segments > 1 ? (long) m * segments * k : 0;
    int sharedBytes = plan.sharedBytes();
    float[] bestDistances = new float[m * k];
    int[] bestRows = new int[m * k];
    try (var q = DeviceBuffer.of(queries, "queries");
        var qNorms = DeviceBuffer.of(queryNorms, "query norms");
        var distances = DeviceBuffer.allocate(4L * m * n, "distance matrix");
        var partDistances = DeviceBuffer.allocate(4L * partial, "segment winners");
        var partRows = DeviceBuffer.allocate(4L * partial, "segment winner rows");
        var outDistances = DeviceBuffer.allocate(4L * m * k, "top-k distances");
        var outRows = DeviceBuffer.allocate(4L * m * k, "top-k rows")) {
      device.launch(
          "distance_matrix",
          device.distanceMatrix,
          ceilDiv(n, TILE),
          ceilDiv(m, TILE),
          TILE,
          TILE,
          0,
          q.pointer,
          set.vectors.pointer,
          qNorms.pointer,
          set.norms.pointer,
          m,
          n,
          d,
          metricCode(metric),
          distances.pointer);
      var noRows = new jcuda.driver.CUdeviceptr(); // null: a row's number is its index
      if (segments == 1) {
        device.launch(
            "topk_select",
            device.topkSelect,
            1,
            m,
            KnnLaunchPlan.TOPK_THREADS,
            1,
            sharedBytes,
            distances.pointer,
            noRows,
            n,
            n,
            k,
            kp,
            outDistances.pointer,
            outRows.pointer);
      } else {
        device.launch(
            "topk_select per segment",
            device.topkSelect,
            segments,
            m,
            KnnLaunchPlan.TOPK_THREADS,
            1,
            sharedBytes,
            distances.pointer,
            noRows,
            n,
            plan.segmentLength(),
            k,
            kp,
            partDistances.pointer,
            partRows.pointer);
        int candidates = segments * k;
        device.launch(
            "topk_select of segment winners",
            device.topkSelect,
            1,
            m,
            KnnLaunchPlan.TOPK_THREADS,
            1,
            sharedBytes,
            partDistances.pointer,
            partRows.pointer,
            candidates,
            candidates,
            k,
            kp,
            outDistances.pointer,
            outRows.pointer);
      }
      outDistances.copyTo(bestDistances);
      outRows.copyTo(bestRows);
    }
    for (int query = 0; query < m; query++) {
      long[] ids = new long[k];
      float[] distances = Arrays.copyOfRange(bestDistances, query * k, (query + 1) * k);
      for (int j = 0; j < k; j++) {
        ids[j] = set.id(bestRows[query * k + j]);
      }
      out.add(new Neighbours(ids, distances));
    }
  }

  /** The codes knn.cu's METRIC_* defines give. */
  static int metricCode(Metric metric) {
    return switch (metric) {
      case L2 -> 0;
      case COSINE -> 1;
      case DOT -> 2;
    };
  }

  @Override
  public DistanceMatrix haversine(HaversineJob job) {
    return geo.haversine(job);
  }

  @Override
  public RadiusMatches withinRadius(WithinRadiusJob job) {
    return geo.withinRadius(job);
  }

  @Override
  public Containment pointInPolygon(PointInPolygonJob job) {
    return geo.pointInPolygon(job);
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** Releases the device context; sets still resident are freed with it. Idempotent. */
  @Override
  public void close() {
    device.close();
  }
}
