package io.themisdb.gpu.bench;

import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.accelerator.ResidentVectors;
import io.themisdb.gpu.accelerator.cpu.CpuAccelerator;
import io.themisdb.gpu.accelerator.cpu.CpuAcceleratorFactory;
import io.themisdb.gpu.bench.KnnBatchingBenchmark.BenchData;
import io.themisdb.gpu.job.Metric;
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

/**
 * The CPU accelerator's distance kernels, scalar loops against the Vector API, on one thread so
 * that only the kernels differ: one batched kNN call of {@value #BATCH} queries per invocation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DistanceKernelsBenchmark {

  static final int BATCH = 16;

  @Param("20000")
  int n;

  @Param("128")
  int dimension;

  @Param({"L2", "COSINE"})
  Metric metric;

  private CpuAccelerator scalar;
  private CpuAccelerator vectorApi;
  private ResidentVectors scalarSet;
  private ResidentVectors vectorSet;
  private float[] queries;

  @Setup(Level.Trial)
  public void setUp() {
    var oneThread = AcceleratorSettings.defaults().withCpuThreads(1);
    scalar = new CpuAcceleratorFactory().createScalar(oneThread);
    vectorApi = new CpuAcceleratorFactory().create(oneThread);
    if (!vectorApi.kernels().startsWith("vector-api")) {
      throw new IllegalStateException("run with --add-modules jdk.incubator.vector");
    }
    var data = BenchData.vectors(n, dimension, 3);
    scalarSet = scalar.upload(data);
    vectorSet = vectorApi.upload(data);
    queries = BenchData.floats(BATCH * dimension, 4);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    scalar.close();
    vectorApi.close();
  }

  @Benchmark
  public Object scalarKernels() {
    return scalar.knn(scalarSet, metric, 10, queries);
  }

  @Benchmark
  public Object vectorApiKernels() {
    return vectorApi.knn(vectorSet, metric, 10, queries);
  }
}
