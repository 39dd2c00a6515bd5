package io.themisdb.platform.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.themisdb.engine.spi.BatchAccelerator;
import io.themisdb.engine.spi.CpuBatchAccelerator;
import io.themisdb.engine.spi.Neighbour;
import io.themisdb.engine.spi.VectorMetric;
import io.themisdb.engine.spi.VectorSet;
import io.themisdb.gpu.BatchScheduler;
import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.scheduling.AcceleratorTimeListener;
import io.themisdb.gpu.scheduling.RejectedJobException;
import io.themisdb.gpu.scheduling.SchedulerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SPI adapter gives the engine's CPU results on random data, in both deployments: in-process,
 * and remote through {@link GpuServiceClient} against a stand-in of the standalone service.
 */
class GpuBatchAcceleratorTest {

  enum Deployment {
    IN_PROCESS,
    REMOTE
  }

  private static BatchScheduler scheduler;
  private static InTestGpuServer server;
  private static GpuServiceClient client;
  private final CpuBatchAccelerator cpu = new CpuBatchAccelerator();
  private final Random random = new Random(7);

  @BeforeAll
  static void start() throws Exception {
    scheduler =
        BatchScheduler.start(
            "cpu",
            AcceleratorSettings.defaults().withCpuThreads(2),
            SchedulerSettings.defaults(),
            AcceleratorTimeListener.NONE);
    server = new InTestGpuServer(scheduler);
    client = new GpuServiceClient(server.uri(), InTestGpuServer.SECRET, Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
  }

  private static GpuBatchAccelerator adapter(Deployment deployment) {
    GpuJobs jobs = deployment == Deployment.REMOTE ? client : new InProcessGpuJobs(scheduler);
    return new GpuBatchAccelerator(jobs, db -> "tenant-of-" + db);
  }

  @ParameterizedTest
  @EnumSource(Deployment.class)
  void nearestEqualsTheCpuForEveryMetric(Deployment deployment) {
    GpuBatchAccelerator gpu = adapter(deployment);
    int d = 12;
    float[] rows = gaussian(1_500 * d);
    var set = new VectorSet(UUID.randomUUID().toString(), "docs/embedding", 1, d, () -> rows);
    float[] queries = gaussian(40 * d);
    for (VectorMetric metric : VectorMetric.values()) {
      assertSameNeighbours(
          gpu.nearest(set, metric, queries, 10), cpu.nearest(set, metric, queries, 10), metric);
    }
    assertThat(gpu.cpuFallbacks()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Deployment.class)
  void aNewVersionIsUploadedOnceAndAnUnchangedOneNever(Deployment deployment) {
    GpuBatchAccelerator gpu = adapter(deployment);
    int d = 4;
    String db = UUID.randomUUID().toString();
    AtomicInteger loads = new AtomicInteger();
    float[] v1 = gaussian(200 * d);
    float[] v2 = gaussian(300 * d);
    var set1 = new VectorSet(db, "s", 1, d, () -> counted(loads, v1));
    var set2 = new VectorSet(db, "s", 2, d, () -> counted(loads, v2));
    var reference2 = new VectorSet(db, "s", 2, d, () -> v2); // the CPU loads rows every call
    float[] q = gaussian(3 * d);

    gpu.nearest(set1, VectorMetric.EUCLIDEAN, q, 5);
    gpu.nearest(set1, VectorMetric.COSINE, q, 5);
    assertThat(loads).hasValue(1);
    assertSameNeighbours(
        gpu.nearest(set2, VectorMetric.EUCLIDEAN, q, 5),
        cpu.nearest(reference2, VectorMetric.EUCLIDEAN, q, 5),
        VectorMetric.EUCLIDEAN);
    assertThat(loads).hasValue(2);
    assertThat(scheduler.residentVersion("tenant-of-" + db, "s")).hasValue(2);

    // evicted behind the adapter's back: the next call uploads again and still answers
    scheduler.drop("tenant-of-" + db, "s");
    assertSameNeighbours(
        gpu.nearest(set2, VectorMetric.DOT, q, 5),
        cpu.nearest(reference2, VectorMetric.DOT, q, 5),
        VectorMetric.DOT);
    assertThat(loads).hasValue(3);
    assertThat(gpu.cpuFallbacks()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Deployment.class)
  void moreQueriesThanOneJobHoldsAreSplit(Deployment deployment) {
    GpuBatchAccelerator gpu = adapter(deployment);
    int d = 2;
    float[] rows = gaussian(50 * d);
    var set = new VectorSet(UUID.randomUUID().toString(), "s", 0, d, () -> rows);
    float[] queries = gaussian(5_000 * d); // over KnnJob.MAX_QUERIES
    List<List<Neighbour>> got = gpu.nearest(set, VectorMetric.EUCLIDEAN, queries, 3);
    assertThat(got).hasSize(5_000);
    assertSameNeighbours(
        got, cpu.nearest(set, VectorMetric.EUCLIDEAN, queries, 3), VectorMetric.EUCLIDEAN);
  }

  @ParameterizedTest
  @EnumSource(Deployment.class)
  void geoEqualsTheCpu(Deployment deployment) {
    BatchAccelerator gpu = adapter(deployment);
    double[] from = lonLat(30);
    double[] to = lonLat(70);
    double[] expected = cpu.distances("db", from, to);
    double[] actual = gpu.distances("db", from, to);
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], within(1e-6 * Math.max(1, expected[i])));
    }

    double[] shell = {-40, -40, 40, -40, 40, 40, -40, 40};
    List<double[]> holes = List.of(new double[] {-10, -10, 10, -10, 10, 10, -10, 10});
    double[] points = lonLat(2_000);
    assertThat(gpu.insidePolygon("db", shell, holes, points))
        .containsExactly(cpu.insidePolygon("db", shell, holes, points));
  }

  @Test
  void workBeyondTheServicesLimitsOrRefusedByItRunsOnTheCpu() {
    GpuBatchAccelerator gpu = adapter(Deployment.REMOTE);
    int d = 3;
    float[] rows = gaussian(1_200 * d);
    var set = new VectorSet(UUID.randomUUID().toString(), "s", 1, d, () -> rows);
    float[] q = gaussian(2 * d);

    // k over 1,024 never reaches the service
    assertSameNeighbours(
        gpu.nearest(set, VectorMetric.EUCLIDEAN, q, 1_100),
        cpu.nearest(set, VectorMetric.EUCLIDEAN, q, 1_100),
        VectorMetric.EUCLIDEAN);
    assertThat(gpu.cpuFallbacks()).isEqualTo(1);

    // a full queue (429) answers from the CPU too
    gpu.nearest(set, VectorMetric.EUCLIDEAN, q, 2); // uploads
    server.rejectNext.set(1);
    assertSameNeighbours(
        gpu.nearest(set, VectorMetric.EUCLIDEAN, q, 2),
        cpu.nearest(set, VectorMetric.EUCLIDEAN, q, 2),
        VectorMetric.EUCLIDEAN);
    assertThat(gpu.cpuFallbacks()).isEqualTo(2);

    // empty input and an empty set need no service at all
    assertThat(gpu.nearest(set, VectorMetric.DOT, new float[0], 3)).isEmpty();
    var empty = new VectorSet(UUID.randomUUID().toString(), "e", 1, d, () -> new float[0]);
    assertThat(gpu.nearest(empty, VectorMetric.DOT, q, 3)).containsExactly(List.of(), List.of());
    assertThatThrownBy(() -> gpu.nearest(set, VectorMetric.DOT, new float[4], 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clientMapsProblemsToTheSchedulersExceptions() {
    server.rejectNext.set(1);
    assertThatThrownBy(
            () ->
                client.distances(
                    "t",
                    new io.themisdb.gpu.job.HaversineJob(
                        List.of(new io.themisdb.gpu.job.GeoPoint(1, 2)),
                        List.of(new io.themisdb.gpu.job.GeoPoint(3, 4)))))
        .isInstanceOfSatisfying(
            RejectedJobException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500)));

    var wrongSecret =
        new GpuServiceClient(server.uri(), "not-the-secret-123456", Duration.ofSeconds(5));
    assertThatThrownBy(() -> wrongSecret.drainUsage())
        .isInstanceOf(GpuServiceUnavailableException.class)
        .hasMessageContaining("401 unauthenticated")
        .hasMessageNotContaining("not-the-secret");
    // no encoded slash reaches the servlet container; the mapping stays one-to-one
    assertThat(GpuServiceClient.segment("docs/emb~x")).isEqualTo("docs%7E2Femb%7E7Ex");
    assertThat(GpuServiceClient.segment("docs~2Femb"))
        .isNotEqualTo(GpuServiceClient.segment("docs/emb"));
  }

  private static void assertSameNeighbours(
      List<List<Neighbour>> actual, List<List<Neighbour>> expected, VectorMetric metric) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int q = 0; q < expected.size(); q++) {
      List<Neighbour> a = actual.get(q);
      List<Neighbour> e = expected.get(q);
      assertThat(a.stream().map(Neighbour::row).toList())
          .as("%s query %d", metric, q)
          .isEqualTo(e.stream().map(Neighbour::row).toList());
      for (int i = 0; i < e.size(); i++) {
        float want = e.get(i).distance();
        assertThat(a.get(i).distance())
            .isCloseTo(want, within(1e-4f * Math.max(1, Math.abs(want))));
      }
    }
  }

  private static float[] counted(AtomicInteger loads, float[] rows) {
    loads.incrementAndGet();
    return rows;
  }

  private float[] gaussian(int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  private double[] lonLat(int n) {
    double[] out = new double[2 * n];
    for (int i = 0; i < n; i++) {
      out[2 * i] = random.nextDouble() * 360 - 180;
      out[2 * i + 1] = random.nextDouble() * 180 - 90;
    }
    return out;
  }
}
