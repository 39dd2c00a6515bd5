package io.themisdb.gpu.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the gpu-service benchmarks and prints each candidate's ratio to the baseline measured in the
 * same run. JMH command-line options (e.g. {@code -p n=1000000}, {@code -f 2}) override the short
 * defaults here.
 */
public final class GpuBenchmarks {

  private GpuBenchmarks() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    // Explicit builder settings beat the parent's, so defaults apply only where args say nothing.
    var cli = new CommandLineOptions(args);
    Options options =
        new OptionsBuilder()
            .parent(cli)
            .forks(cli.getForkCount().orElse(1))
            .warmupIterations(cli.getWarmupIterations().orElse(2))
            .warmupTime(cli.getWarmupTime().orElse(TimeValue.seconds(2)))
            .measurementIterations(cli.getMeasurementIterations().orElse(3))
            .measurementTime(cli.getMeasurementTime().orElse(TimeValue.seconds(3)))
            .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "-Xmx6g")
            .build();
    if (cli.getIncludes().isEmpty()) {
      options =
          new OptionsBuilder()
              .parent(options)
              .include(KnnBatchingBenchmark.class.getSimpleName())
              .include(DistanceKernelsBenchmark.class.getSimpleName())
              .include(HaversineBenchmark.class.getSimpleName())
              .build();
    }
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Double> scores = new TreeMap<>();
    for (RunResult result : results) {
      var params = result.getParams();
      String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
      String key = method;
      for (String name : params.getParamsKeys()) {
        if (name.equals("batch") || name.equals("metric")) {
          key += " " + name + "=" + params.getParam(name);
        }
      }
      scores.put(key, result.getPrimaryResult().getScore());
    }
    System.out.println();
    System.out.println("== gpu-service ratios (candidate / baseline, same run) ==");
    Double single = scores.get("batched batch=1");
    for (var entry : batchSizes(scores)) {
      int b = entry;
      Double one = scores.get("oneAtATime batch=" + b);
      Double fused = scores.get("batched batch=" + b);
      if (one != null && fused != null) {
        print(
            "kNN batch=%d: one call per query %.0f q/s, one fused call %.0f q/s, ratio %.2f",
            b, one * b, fused * b, fused / one);
      }
      if (single != null && fused != null && b > 1) {
        print(
            "kNN fused batch=%d: %.0f q/s, ratio to batch=1 (%.0f q/s) %.2f",
            b, fused * b, single, fused * b / single);
      }
    }
    for (String metric : new String[] {"L2", "COSINE"}) {
      Double scalar = scores.get("scalarKernels metric=" + metric);
      Double vector = scores.get("vectorApiKernels metric=" + metric);
      if (scalar != null && vector != null) {
        int b = DistanceKernelsBenchmark.BATCH;
        print(
            "kernels %s, 1 thread: scalar %.0f q/s, Vector API %.0f q/s, ratio %.2f",
            metric, scalar * b, vector * b, vector / scalar);
      }
    }
    Double loop = scores.get("plainLoop");
    Double parallel = scores.get("accelerator");
    if (loop != null && parallel != null) {
      double pairs = (double) HaversineBenchmark.SIDE * HaversineBenchmark.SIDE;
      print(
          "haversine: plain loop %.0f pairs/s, CPU accelerator %.0f pairs/s, ratio %.2f",
          loop * pairs, parallel * pairs, parallel / loop);
    }
  }

  /** The batch sizes that ran, ascending. */
  private static java.util.SortedSet<Integer> batchSizes(Map<String, Double> scores) {
    var sizes = new java.util.TreeSet<Integer>();
    for (String key : scores.keySet()) {
      int at = key.indexOf("batch=");
      if (at >= 0) {
        sizes.add(Integer.parseInt(key.substring(at + 6).split(" ")[0]));
      }
    }
    return sizes;
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
