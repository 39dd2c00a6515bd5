package io.themisdb.gpu.bench;

import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.accelerator.ResidentVectors;
import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.accelerator.cpu.CpuAccelerator;
import io.themisdb.gpu.accelerator.cpu.CpuAcceleratorFactory;
import io.themisdb.gpu.job.Metric;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Exact kNN on the CPU accelerator, {@code batch} queries per invocation: one accelerator call per
 * query (what the scheduler would do without micro-batching) against one fused call for all of
 * them. Queries/s = score * batch; {@link GpuBenchmarks} prints both and the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KnnBatchingBenchmark {

  @Param("100000")
  int n;

  @Param("128")
  int dimension;

  @Param("10")
  int k;

  @Param({"16", "128"})
  int batch;

  private CpuAccelerator accelerator;
  private ResidentVectors set;
  private float[] queries;
  private float[][] single;

  @Setup(Level.Trial)
  public void setUp() {
    accelerator = new CpuAcceleratorFactory().create(AcceleratorSettings.defaults());
    set = accelerator.upload(BenchData.vectors(n, dimension, 1));
    queries = BenchData.floats(batch * dimension, 2);
    single = new float[batch][];
    for (int q = 0; q < batch; q++) {
      single[q] = Arrays.copyOfRange(queries, q * dimension, (q + 1) * dimension);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    set.close();
    accelerator.close();
  }

  @Benchmark
  public void oneAtATime(Blackhole blackhole) {
    for (float[] query : single) {
      blackhole.consume(accelerator.knn(set, Metric.L2, k, query));
    }
  }

  @Benchmark
  public void batched(Blackhole blackhole) {
    blackhole.consume(accelerator.knn(set, Metric.L2, k, queries));
  }

  /** Random data, the same for every run of a seed. */
  static final class BenchData {
    private BenchData() {}

    static float[] floats(int count, long seed) {
      var random = new Random(seed);
      float[] out = new float[count];
      for (int i = 0; i < count; i++) {
        out[i] = random.nextFloat() * 2 - 1;
      }
      return out;
    }

    static VectorData vectors(int n, int dimension, long seed) {
      long[] ids = new long[n];
      for (int i = 0; i < n; i++) {
        ids[i] = i;
      }
      return new VectorData(dimension, ids, floats(n * dimension, seed));
    }
  }
}
