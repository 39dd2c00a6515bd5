package io.themisdb.gpu.app.bench;

import io.themisdb.gpu.BatchScheduler;
import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.app.GpuServiceApplication;
import io.themisdb.gpu.job.GeoPoint;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.KnnJob;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.scheduling.AcceleratorTimeListener;
import io.themisdb.gpu.scheduling.SchedulerSettings;
import io.themisdb.gpu.wire.VectorBodies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the standalone deployment costs: batch kNN (k=10) and haversine through the HTTP API of a
 * running gpu-service-app, against the same work submitted to an in-process {@link BatchScheduler}
 * in the same JVM (the baseline), both on the CPU accelerator. Not a test; run with
 *
 * <pre>./mvnw -B -ntp -Pbench-standalone -pl gpu-service-app -am -DskipTests integration-test
 *     [-Dbench.args="n=1000000 dimension=128 batches=1,16,128 rounds=5"]</pre>
 *
 * Each figure is the median of {@code rounds} timed rounds after one warm-up run, the in-process
 * and HTTP runs alternating.
 */
public final class StandaloneBenchmark {

  private static final String SECRET = "benchmark-secret-0123456789";

  private StandaloneBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = intArg(args, "n", 100_000);
    int d = intArg(args, "dimension", 128);
    int rounds = intArg(args, "rounds", 5);
    int[] batches =
        Arrays.stream(stringArg(args, "batches", "1,16,128").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int k = 10;
    var random = new Random(1);
    long[] ids = new long[n];
    Arrays.setAll(ids, i -> i);
    float[] vectors = new float[n * d];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = random.nextFloat() * 2 - 1;
    }
    var data = new VectorData(d, ids, vectors);
    var settings = SchedulerSettings.defaults().withResidentBudgetBytes(4L << 30);

    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(GpuServiceApplication.class)
            .run(
                "--server.port=0",
                "--themis.gpu-service.accelerator=cpu",
                "--themis.gpu-service.bearer-secret=" + SECRET,
                "--themis.gpu-service.resident-budget=4GB",
                "--logging.level.root=WARN");
    try (var local =
        BatchScheduler.start(
            "cpu", AcceleratorSettings.defaults(), settings, AcceleratorTimeListener.NONE)) {
      URI base =
          URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
      var http = HttpClient.newHttpClient();
      local.upload("bench", "set", 1, data);
      var upload = new ByteArrayOutputStream();
      VectorBodies.writeVectorSet(upload, data);
      long t0 = System.nanoTime();
      check(
          http.send(
              request(base, "/v1/tenants/bench/vector-sets/set?version=1")
                  .header("Content-Type", VectorBodies.MEDIA_TYPE)
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(upload.toByteArray()))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
      System.out.printf(
          Locale.ROOT,
          "upload %,d x %d (%,d bytes) over HTTP: %.0f ms%n",
          n,
          d,
          upload.size(),
          (System.nanoTime() - t0) / 1e6);

      System.out.printf(
          Locale.ROOT, "%n== batch kNN, %,d x %d-d, k=%d, CPU accelerator ==%n", n, d, k);
      System.out.println("| batch | in-process q/s | HTTP q/s | ratio HTTP/in-process |");
      System.out.println("|---|---|---|---|");
      for (int batch : batches) {
        float[] queries = new float[batch * d];
        for (int i = 0; i < queries.length; i++) {
          queries[i] = random.nextFloat() * 2 - 1;
        }
        var job = new KnnJob("set", 1, Metric.L2, k, d, queries);
        var body = new ByteArrayOutputStream();
        VectorBodies.writeQueries(body, d, queries);
        byte[] bytes = body.toByteArray();
        HttpRequest knn =
            request(base, "/v1/tenants/bench/vector-sets/set/knn?version=1&metric=L2&k=" + k)
                .header("Content-Type", VectorBodies.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        double[] medians =
            interleaved(
                rounds,
                () -> local.submit("bench", job).get(),
                () -> {
                  var r = http.send(knn, HttpResponse.BodyHandlers.ofByteArray());
                  if (r.statusCode() != 200) {
                    throw new IllegalStateException("kNN answered " + r.statusCode());
                  }
                  VectorBodies.readKnnResult(new ByteArrayInputStream(r.body()), 1L << 30);
                });
        double inProcess = medians[0];
        double remote = medians[1];
        System.out.printf(
            Locale.ROOT,
            "| %d | %.1f | %.1f | %.2f |%n",
            batch,
            batch / inProcess,
            batch / remote,
            inProcess / remote);
      }

      int points = 1_000;
      double[] from = new double[2 * points];
      double[] to = new double[2 * points];
      for (int i = 0; i < 2 * points; i += 2) {
        from[i] = random.nextDouble() * 360 - 180;
        from[i + 1] = random.nextDouble() * 180 - 90;
        to[i] = random.nextDouble() * 360 - 180;
        to[i + 1] = random.nextDouble() * 180 - 90;
      }
      var geoJob =
          new HaversineJob(
              GeoPoint.fromLonLatPairs(from, "from"), GeoPoint.fromLonLatPairs(to, "to"));
      String json = "{\"from\":" + Arrays.toString(from) + ",\"to\":" + Arrays.toString(to) + "}";
      HttpRequest geo =
          request(base, "/v1/tenants/bench/geo/distances")
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build();
      double[] geoMedians =
          interleaved(
              rounds,
              () -> local.submit("bench", geoJob).get(),
              () -> check(http.send(geo, HttpResponse.BodyHandlers.ofString())));
      double geoLocal = geoMedians[0];
      double geoRemote = geoMedians[1];
      long pairs = (long) points * points;
      System.out.printf(
          Locale.ROOT,
          "%n== haversine %,d x %,d pairs ==%nin-process %.2f M pairs/s, HTTP (JSON) %.2f M pairs/s,"
              + " ratio %.2f%n",
          points,
          points,
          pairs / geoLocal / 1e6,
          pairs / geoRemote / 1e6,
          geoLocal / geoRemote);
    } finally {
      app.close();
    }
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  /**
   * Median seconds of one run of {@code baseline} and of {@code candidate} over {@code rounds}
   * timed rounds after one warm-up each; the two alternate within each round, so a shared machine's
   * changing load hits both alike.
   */
  private static double[] interleaved(int rounds, Work baseline, Work candidate) throws Exception {
    baseline.run();
    candidate.run();
    double[] a = new double[rounds];
    double[] b = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      a[i] = timed(baseline);
      b[i] = timed(candidate);
    }
    Arrays.sort(a);
    Arrays.sort(b);
    return new double[] {a[rounds / 2], b[rounds / 2]};
  }

  private static double timed(Work work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static HttpRequest.Builder request(URI base, String path) {
    return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + SECRET);
  }

  private static HttpResponse<String> check(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    return response;
  }

  private static int intArg(String[] args, String name, int fallback) {
    return Integer.parseInt(stringArg(args, name, Integer.toString(fallback)));
  }

  private static String stringArg(String[] args, String name, String fallback) {
    for (String arg : args) {
      if (arg.startsWith(name + "=")) {
        return arg.substring(name.length() + 1);
      }
    }
    return fallback;
  }
}
