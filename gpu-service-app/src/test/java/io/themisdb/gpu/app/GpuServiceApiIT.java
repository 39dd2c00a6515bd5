package io.themisdb.gpu.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.themisdb.gpu.BatchScheduler;
import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.DistanceMatrix;
import io.themisdb.gpu.job.GeoPoint;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.KnnJob;
import io.themisdb.gpu.job.KnnResult;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.job.Polygon;
import io.themisdb.gpu.job.WithinRadiusJob;
import io.themisdb.gpu.scheduling.AcceleratorTimeListener;
import io.themisdb.gpu.scheduling.SchedulerSettings;
import io.themisdb.gpu.vectorset.VectorSetDelta;
import io.themisdb.gpu.wire.VectorBodies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP API round trip against a real server, compared with an in-process scheduler. */
class GpuServiceApiIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String VECTORS = VectorBodies.MEDIA_TYPE;

  private static RunningGpuService service;
  private static BatchScheduler reference;
  private final Random random = new Random(42);

  @BeforeAll
  static void start() {
    service = RunningGpuService.start(Map.of("themis.gpu-service.accelerator", "cpu"));
    reference =
        BatchScheduler.start(
            "cpu",
            AcceleratorSettings.defaults().withCpuThreads(2),
            SchedulerSettings.defaults(),
            AcceleratorTimeListener.NONE);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (reference != null) {
      reference.close();
    }
  }

  @Test
  void knnOverHttpEqualsTheInProcessScheduler() throws Exception {
    int n = 3_000;
    int d = 24;
    VectorData data = randomSet(n, d);
    var upload = service.send(put("/v1/tenants/t-knn/vector-sets/docs?version=3", vectorSet(data)));
    assertThat(upload.statusCode()).isEqualTo(200);
    JsonNode view = JSON.readTree(upload.body());
    assertThat(view.get("size").asInt()).isEqualTo(n);
    assertThat(view.get("dimension").asInt()).isEqualTo(d);
    reference.upload("t-knn", "docs", 3, data);

    float[] queries = randomFloats(17 * d);
    for (Metric metric : Metric.values()) {
      KnnResult remote = knn("t-knn", "docs", 3, metric, 10, d, queries);
      KnnResult local =
          reference.submit("t-knn", new KnnJob("docs", 3, metric, 10, d, queries)).get();
      assertThat(remote.perQuery()).hasSize(17);
      for (int q = 0; q < 17; q++) {
        assertThat(remote.perQuery().get(q).ids())
            .as("%s query %d", metric, q)
            .isEqualTo(local.perQuery().get(q).ids());
        // same kernels, but threads may sum in another order: a few ulps apart
        float[] expected = local.perQuery().get(q).distances();
        float[] actual = remote.perQuery().get(q).distances();
        for (int i = 0; i < expected.length; i++) {
          assertThat(actual[i])
              .isCloseTo(expected[i], within(1e-5f * Math.max(1, Math.abs(expected[i]))));
        }
      }
    }

    var resident = service.sendText(service.request("/v1/tenants/t-knn/vector-sets/docs").build());
    assertThat(JSON.readTree(resident.body()).get("version").asLong()).isEqualTo(3);
  }

  @Test
  void deltaMovesTheVersionAndOldVersionsAnswerConflict() throws Exception {
    VectorData data = new VectorData(2, new long[] {1, 2}, new float[] {0, 0, 10, 10});
    assertThat(
            service
                .send(put("/v1/tenants/t-delta/vector-sets/s?version=1", vectorSet(data)))
                .statusCode())
        .isEqualTo(200);
    var out = new ByteArrayOutputStream();
    VectorBodies.writeDelta(
        out, new VectorSetDelta(1, 2, new long[] {3}, new float[] {1, 1}, new long[] {1}));
    var delta =
        service.sendText(
            post("/v1/tenants/t-delta/vector-sets/s/deltas", VECTORS, out.toByteArray()));
    assertThat(delta.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(delta.body()).get("version").asLong()).isEqualTo(2);

    KnnResult after = knn("t-delta", "s", 2, Metric.L2, 5, 2, new float[] {0, 0});
    assertThat(after.perQuery().getFirst().ids()).containsExactly(3, 2);

    var stale =
        service.sendText(
            post(
                knnPath("t-delta", "s", 1, Metric.L2, 1), VECTORS, queries(2, new float[] {0, 0})));
    assertProblem(stale, 409, "vector-set-version-mismatch");
    JsonNode problem = JSON.readTree(stale.body());
    assertThat(problem.get("residentVersion").asLong()).isEqualTo(2);
    assertThat(problem.get("requestedVersion").asLong()).isEqualTo(1);

    var unknown =
        service.sendText(
            post(
                knnPath("t-delta", "nope", 1, Metric.L2, 1),
                VECTORS,
                queries(2, new float[] {0, 0})));
    assertProblem(unknown, 404, "vector-set-not-found");
    // another tenant cannot reach the set either
    var other =
        service.sendText(
            post(
                knnPath("t-other", "s", 2, Metric.L2, 1), VECTORS, queries(2, new float[] {0, 0})));
    assertProblem(other, 404, "vector-set-not-found");

    assertThat(
            service
                .send(service.request("/v1/tenants/t-delta/vector-sets/s").DELETE().build())
                .statusCode())
        .isEqualTo(204);
    assertProblem(
        service.sendText(service.request("/v1/tenants/t-delta/vector-sets/s").build()),
        404,
        "vector-set-not-found");
  }

  @Test
  void geoJobsOverHttpEqualTheInProcessScheduler() throws Exception {
    double[] from = randomLonLat(40);
    double[] to = randomLonLat(55);
    var distances =
        service.sendText(
            postJson("/v1/tenants/t-geo/geo/distances", Map.of("from", from, "to", to)));
    assertThat(distances.statusCode()).isEqualTo(200);
    JsonNode matrix = JSON.readTree(distances.body());
    DistanceMatrix local =
        reference
            .submit(
                "t-geo",
                new HaversineJob(
                    GeoPoint.fromLonLatPairs(from, "from"), GeoPoint.fromLonLatPairs(to, "to")))
            .get();
    assertThat(matrix.get("rows").asInt()).isEqualTo(40);
    assertThat(matrix.get("columns").asInt()).isEqualTo(55);
    double[] metres = JSON.treeToValue(matrix.get("metres"), double[].class);
    assertThat(metres).containsExactly(local.metres());

    double[] points = randomLonLat(500);
    var within =
        service.sendText(
            postJson(
                "/v1/tenants/t-geo/geo/within-radius",
                Map.of(
                    "centre",
                    new double[] {10, 45},
                    "radiusMetres",
                    2_000_000.0,
                    "points",
                    points)));
    assertThat(within.statusCode()).isEqualTo(200);
    int[] indices = JSON.treeToValue(JSON.readTree(within.body()).get("indices"), int[].class);
    assertThat(indices)
        .containsExactly(
            reference
                .submit(
                    "t-geo",
                    new WithinRadiusJob(
                        new GeoPoint(45, 10), 2_000_000, GeoPoint.fromLonLatPairs(points, "p")))
                .get()
                .indices());
    assertThat(indices).isNotEmpty();

    double[] shell = {-30, -30, 30, -30, 30, 30, -30, 30};
    double[] hole = {-10, -10, 10, -10, 10, 10, -10, 10};
    var inside =
        service.sendText(
            postJson(
                "/v1/tenants/t-geo/geo/inside-polygon",
                Map.of("shell", shell, "holes", List.of(hole), "points", points)));
    assertThat(inside.statusCode()).isEqualTo(200);
    boolean[] flags = JSON.treeToValue(JSON.readTree(inside.body()).get("inside"), boolean[].class);
    var polygon =
        new Polygon(
            GeoPoint.fromLonLatPairs(shell, "shell"), List.of(GeoPoint.fromLonLatPairs(hole, "h")));
    assertThat(flags)
        .containsExactly(
            reference
                .submit(
                    "t-geo", new PointInPolygonJob(polygon, GeoPoint.fromLonLatPairs(points, "p")))
                .get()
                .inside());
  }

  @Test
  void badBodiesAnswerProblems() throws Exception {
    // a query batch where a vector set is expected
    var wrongKind =
        service.sendText(
            put("/v1/tenants/t-bad/vector-sets/s?version=1", queries(2, new float[] {1, 2})));
    assertProblem(wrongKind, 400, "malformed-request");
    assertThat(JSON.readTree(wrongKind.body()).get("detail").asString())
        .contains("'TVS1'", "'TVQ1'");

    byte[] full = vectorSet(new VectorData(2, new long[] {1}, new float[] {1, 2}));
    var truncated =
        service.sendText(
            put("/v1/tenants/t-bad/vector-sets/s?version=1", Arrays.copyOf(full, full.length - 2)));
    assertProblem(truncated, 400, "malformed-request");

    var json =
        service.sendText(
            service
                .request("/v1/tenants/t-bad/vector-sets/s?version=1")
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{}"))
                .build());
    assertProblem(json, 415, "unsupported-media-type");

    assertThat(service.send(put("/v1/tenants/t-bad/vector-sets/s?version=1", full)).statusCode())
        .isEqualTo(200);
    var badK =
        service.sendText(
            post(
                knnPath("t-bad", "s", 1, Metric.L2, 5000),
                VECTORS,
                queries(2, new float[] {1, 2})));
    assertProblem(badK, 400, "invalid-gpu-job");
    assertThat(JSON.readTree(badK.body()).get("detail").asString())
        .contains("k must be in [1, 1024]");

    var wrongDimension =
        service.sendText(
            post(
                knnPath("t-bad", "s", 1, Metric.L2, 1),
                VECTORS,
                queries(3, new float[] {1, 2, 3})));
    assertProblem(wrongDimension, 400, "invalid-gpu-job");

    var badMetric =
        service.sendText(
            post(
                "/v1/tenants/t-bad/vector-sets/s/knn?version=1&metric=HAMMING&k=1",
                VECTORS,
                queries(2, new float[] {1, 2})));
    assertProblem(badMetric, 400, "malformed-request");

    var oddPoints =
        service.sendText(
            postJson(
                "/v1/tenants/t-bad/geo/distances",
                Map.of("from", new double[] {1, 2, 3}, "to", new double[] {1, 2})));
    assertProblem(oddPoints, 400, "invalid-gpu-job");
    assertThat(JSON.readTree(oddPoints.body()).get("detail").asString())
        .isEqualTo("from must hold lon, lat pairs, held 3 values");

    var notJson =
        service.sendText(
            service
                .request("/v1/tenants/t-bad/geo/distances")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{not json"))
                .build());
    assertProblem(notJson, 400, "malformed-request");
  }

  @Test
  void withoutTheSecretEveryApiPathAnswers401() {
    for (String secret :
        new String[] {
          null, "Bearer wrong-secret-0123456789", "Basic " + RunningGpuService.SECRET
        }) {
      var builder = HttpRequest.newBuilder(service.base.resolve("/v1/queues"));
      if (secret != null) {
        builder.header("Authorization", secret);
      }
      HttpResponse<String> response = service.sendText(builder.build());
      assertProblem(response, 401, "unauthenticated");
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }
    var upload =
        service.sendText(
            HttpRequest.newBuilder(service.base.resolve("/v1/tenants/x/vector-sets/s?version=1"))
                .header("Content-Type", VECTORS)
                .PUT(
                    BodyPublishers.ofByteArray(
                        vectorSet(new VectorData(1, new long[] {1}, new float[] {1}))))
                .build());
    assertProblem(upload, 401, "unauthenticated");
    assertThat(reference.residentVersion("x", "s")).isEmpty();
  }

  @Test
  void healthNamesTheBackendAndQueuesAndMetricsShowTenants() throws Exception {
    var health =
        service.sendText(HttpRequest.newBuilder(service.base.resolve("/actuator/health")).build());
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode accelerator = JSON.readTree(health.body()).get("components").get("accelerator");
    assertThat(accelerator.get("details").get("backend").asString()).isEqualTo("cpu");

    service.sendText(
        postJson(
            "/v1/tenants/t-observed/geo/distances",
            Map.of("from", new double[] {0, 0}, "to", new double[] {1, 1})));
    var queues = service.sendText(service.request("/v1/queues").build());
    assertThat(queues.statusCode()).isEqualTo(200);
    JsonNode snapshot = JSON.readTree(queues.body());
    assertThat(snapshot.get("accelerator").asString()).isEqualTo("cpu");
    JsonNode observed = null;
    for (JsonNode t : snapshot.get("tenants")) {
      if (t.get("tenant").asString().equals("t-observed")) {
        observed = t;
      }
    }
    assertThat(observed).isNotNull();
    assertThat(observed.get("completed").asLong()).isEqualTo(1);
    assertThat(observed.has("p99WaitMillis")).isTrue();

    // tenants are registered at the scrape after their first job; the second scrape shows them
    var prometheus = HttpRequest.newBuilder(service.base.resolve("/actuator/prometheus")).build();
    service.sendText(prometheus);
    String metrics = service.sendText(prometheus).body();
    assertThat(metrics)
        .contains("themis_gpu_queue_depth{tenant=\"t-observed\"}")
        .contains("themis_gpu_queue_wait_p99_seconds{tenant=\"t-observed\"}")
        .contains("themis_gpu_kernel_time_seconds_count{accelerator=\"cpu\",tenant=\"t-observed\"}")
        .contains("themis_gpu_call_jobs_count")
        .contains("themis_gpu_rejections_total");

    var drain =
        service.sendText(service.request("/v1/usage/drain").POST(BodyPublishers.noBody()).build());
    assertThat(drain.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(drain.body()).has("acceleratorMillis")).isTrue();
  }

  private KnnResult knn(
      String tenant, String set, long version, Metric metric, int k, int d, float[] q) {
    var response =
        service.send(post(knnPath(tenant, set, version, metric, k), VECTORS, queries(d, q)));
    assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(VECTORS);
    return VectorBodies.readKnnResult(new ByteArrayInputStream(response.body()), 1 << 30);
  }

  private static String knnPath(String tenant, String set, long version, Metric metric, int k) {
    return "/v1/tenants/"
        + tenant
        + "/vector-sets/"
        + set
        + "/knn?version="
        + version
        + "&metric="
        + metric
        + "&k="
        + k;
  }

  private static HttpRequest put(String path, byte[] body) {
    return service
        .request(path)
        .header("Content-Type", VECTORS)
        .PUT(BodyPublishers.ofByteArray(body))
        .build();
  }

  private static HttpRequest post(String path, String contentType, byte[] body) {
    return service
        .request(path)
        .header("Content-Type", contentType)
        .POST(BodyPublishers.ofByteArray(body))
        .build();
  }

  private static HttpRequest postJson(String path, Object body) {
    return post(path, "application/json", JSON.writeValueAsBytes(body));
  }

  private static byte[] vectorSet(VectorData data) {
    var out = new ByteArrayOutputStream();
    VectorBodies.writeVectorSet(out, data);
    return out.toByteArray();
  }

  private static byte[] queries(int d, float[] q) {
    var out = new ByteArrayOutputStream();
    VectorBodies.writeQueries(out, d, q);
    return out.toByteArray();
  }

  static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("type").asString()).isEqualTo("https://themisdb.io/problems/" + type);
    assertThat(body.get("status").asInt()).isEqualTo(status);
  }

  private VectorData randomSet(int n, int d) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 1_000 + i * 7L;
    }
    return new VectorData(d, ids, randomFloats(n * d));
  }

  private float[] randomFloats(int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  private double[] randomLonLat(int n) {
    double[] out = new double[2 * n];
    for (int i = 0; i < n; i++) {
      out[2 * i] = random.nextDouble() * 360 - 180;
      out[2 * i + 1] = random.nextDouble() * 180 - 90;
    }
    return out;
  }
}
