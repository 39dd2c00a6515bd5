package io.themisdb.gpu.app;

import io.themisdb.gpu.accelerator.Accelerator;
import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.accelerator.ResidentVectors;
import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.accelerator.cpu.CpuAcceleratorFactory;
import io.themisdb.gpu.job.Containment;
import io.themisdb.gpu.job.DistanceMatrix;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.job.Neighbours;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.job.RadiusMatches;
import io.themisdb.gpu.job.WithinRadiusJob;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * Test accelerator {@code gated}: the CPU accelerator, except that a haversine call waits while the
 * gate is closed, so a test can hold the dispatcher busy and fill a queue deterministically.
 */
public final class GatedAcceleratorFactory
    implements io.themisdb.gpu.accelerator.AcceleratorFactory {

  static volatile Semaphore gate = new Semaphore(Integer.MAX_VALUE);
  static volatile CountDownLatch entered = new CountDownLatch(1);

  static void close() {
    gate = new Semaphore(0);
    entered = new CountDownLatch(1);
  }

  static void open() {
    gate.release(Integer.MAX_VALUE / 2);
  }

  @Override
  public String id() {
    return "gated";
  }

  @Override
  public Accelerator create(AcceleratorSettings settings) {
    Accelerator cpu = new CpuAcceleratorFactory().create(settings);
    return new Accelerator() {
      @Override
      public String id() {
        return "gated";
      }

      @Override
      public ResidentVectors upload(VectorData data) {
        return cpu.upload(data);
      }

      @Override
      public List<Neighbours> knn(ResidentVectors set, Metric metric, int k, float[] queries) {
        return cpu.knn(set, metric, k, queries);
      }

      @Override
      public DistanceMatrix haversine(HaversineJob job) {
        entered.countDown();
        gate.acquireUninterruptibly();
        return cpu.haversine(job);
      }

      @Override
      public RadiusMatches withinRadius(WithinRadiusJob job) {
        return cpu.withinRadius(job);
      }

      @Override
      public Containment pointInPolygon(PointInPolygonJob job) {
        return cpu.pointInPolygon(job);
      }

      @Override
      public void close() {
        cpu.close();
      }
    };
  }
}
