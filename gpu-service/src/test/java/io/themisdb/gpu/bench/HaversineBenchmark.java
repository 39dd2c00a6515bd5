package io.themisdb.gpu.bench;

import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.accelerator.cpu.CpuAccelerator;
import io.themisdb.gpu.accelerator.cpu.CpuAcceleratorFactory;
import io.themisdb.gpu.accelerator.cpu.GeoKernels;
import io.themisdb.gpu.job.GeoPoint;
import io.themisdb.gpu.job.HaversineJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Haversine distance matrices of {@value #SIDE} x {@value #SIDE} pairs: the CPU accelerator
 * (parallel) against a plain loop over the same formula on one thread. Operations/s = score *
 * SIDE^2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HaversineBenchmark {

  static final int SIDE = 1000;

  private CpuAccelerator accelerator;
  private HaversineJob job;

  @Setup(Level.Trial)
  public void setUp() {
    accelerator = new CpuAcceleratorFactory().create(AcceleratorSettings.defaults());
    var random = new Random(5);
    List<GeoPoint> from = new ArrayList<>();
    List<GeoPoint> to = new ArrayList<>();
    for (int i = 0; i < SIDE; i++) {
      from.add(new GeoPoint(random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180));
      to.add(new GeoPoint(random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180));
    }
    job = new HaversineJob(from, to);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    accelerator.close();
  }

  @Benchmark
  public double[] plainLoop() {
    double[] out = new double[SIDE * SIDE];
    for (int r = 0; r < SIDE; r++) {
      GeoPoint p = job.from().get(r);
      for (int c = 0; c < SIDE; c++) {
        GeoPoint q = job.to().get(c);
        out[r * SIDE + c] =
            GeoKernels.haversineMetres(p.latitude(), p.longitude(), q.latitude(), q.longitude());
      }
    }
    return out;
  }

  @Benchmark
  public Object accelerator() {
    return accelerator.haversine(job);
  }
}
