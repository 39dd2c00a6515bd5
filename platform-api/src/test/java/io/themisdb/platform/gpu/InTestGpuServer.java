package io.themisdb.platform.gpu;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.themisdb.gpu.BatchScheduler;
import io.themisdb.gpu.job.GeoPoint;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.KnnJob;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.job.Polygon;
import io.themisdb.gpu.scheduling.QueuesView;
import io.themisdb.gpu.scheduling.RejectedJobException;
import io.themisdb.gpu.vectorset.UnknownVectorSetException;
import io.themisdb.gpu.vectorset.VectorSetVersionException;
import io.themisdb.gpu.wire.VectorBodies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the standalone service (gpu-service-app, which platform-api does not depend on):
 * the paths, bodies and problem types of docs/gpu-service.md over a real {@link BatchScheduler}.
 * gpu-service-app's own tests check the real server against the same document.
 */
final class InTestGpuServer implements AutoCloseable {

  static final String SECRET = "in-test-secret-0123456789";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final BatchScheduler scheduler;
  final AtomicInteger uploads = new AtomicInteger();

  /** When positive, that many next job requests answer 429. */
  final AtomicInteger rejectNext = new AtomicInteger();

  private final HttpServer server;
  private boolean closed;

  InTestGpuServer(BatchScheduler scheduler) throws IOException {
    this.scheduler = scheduler;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/v1/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!("Bearer " + SECRET).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        problem(ex, 401, "unauthenticated", "no secret", Map.of());
        return;
      }
      String[] p = ex.getRequestURI().getRawPath().split("/");
      Map<String, String> q = query(ex.getRequestURI());
      try {
        route(ex, p, q);
      } catch (ExecutionException e) {
        fail(ex, e.getCause());
      } catch (Exception e) {
        fail(ex, e);
      }
    }
  }

  private void route(HttpExchange ex, String[] p, Map<String, String> q) throws Exception {
    if (p.length == 3 && p[2].equals("queues")) {
      json(ex, QueuesView.of(scheduler.snapshot()));
      return;
    }
    // /v1/usage/drain
    if (p.length == 4 && p[2].equals("usage")) {
      json(ex, Map.of("acceleratorMillis", Map.of()));
      return;
    }
    String tenant = decode(p[3]);
    if (p.length == 6 && p[4].equals("vector-sets") && ex.getRequestMethod().equals("PUT")) {
      uploads.incrementAndGet();
      var data = VectorBodies.readVectorSet(ex.getRequestBody(), 1L << 30);
      scheduler.upload(tenant, decode(p[5]), Long.parseLong(q.get("version")), data);
      json(ex, Map.of("version", Long.parseLong(q.get("version"))));
      return;
    }
    if (p.length == 5 && p[4].equals("weight") && ex.getRequestMethod().equals("PUT")) {
      scheduler.setWeight(tenant, JSON.readTree(ex.getRequestBody()).get("weight").asInt());
      ex.sendResponseHeaders(204, -1);
      return;
    }
    if (rejectNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new RejectedJobException(
          tenant, "queue full (in-test)", java.time.Duration.ofMillis(1500));
    }
    if (p.length == 7 && p[6].equals("knn")) {
      var batch = VectorBodies.readQueries(ex.getRequestBody(), 1L << 30);
      var job =
          new KnnJob(
              decode(p[5]),
              Long.parseLong(q.get("version")),
              Metric.valueOf(q.get("metric")),
              Integer.parseInt(q.get("k")),
              batch.dimension(),
              batch.vectors());
      var out = new ByteArrayOutputStream();
      VectorBodies.writeKnnResult(out, scheduler.submit(tenant, job).get());
      send(ex, 200, VectorBodies.MEDIA_TYPE, out.toByteArray());
      return;
    }
    JsonNode body = JSON.readTree(ex.getRequestBody());
    if (p.length == 6 && p[5].equals("distances")) {
      var job =
          new HaversineJob(
              GeoPoint.fromLonLatPairs(JSON.treeToValue(body.get("from"), double[].class), "from"),
              GeoPoint.fromLonLatPairs(JSON.treeToValue(body.get("to"), double[].class), "to"));
      var m = scheduler.submit(tenant, job).get();
      json(ex, Map.of("rows", m.rows(), "columns", m.columns(), "metres", m.metres()));
      return;
    }
    if (p.length == 6 && p[5].equals("inside-polygon")) {
      var holes = new ArrayList<List<GeoPoint>>();
      for (JsonNode hole : body.get("holes")) {
        holes.add(GeoPoint.fromLonLatPairs(JSON.treeToValue(hole, double[].class), "hole"));
      }
      var polygon =
          new Polygon(
              GeoPoint.fromLonLatPairs(
                  JSON.treeToValue(body.get("shell"), double[].class), "shell"),
              holes);
      var job =
          new PointInPolygonJob(
              polygon,
              GeoPoint.fromLonLatPairs(JSON.treeToValue(body.get("points"), double[].class), "p"));
      json(ex, Map.of("inside", scheduler.submit(tenant, job).get().inside()));
      return;
    }
    problem(ex, 404, "not-found", "no route", Map.of());
  }

  private void fail(HttpExchange ex, Throwable e) throws IOException {
    switch (e) {
      case UnknownVectorSetException u ->
          problem(ex, 404, "vector-set-not-found", u.getMessage(), Map.of());
      case VectorSetVersionException v ->
          problem(
              ex,
              409,
              "vector-set-version-mismatch",
              v.getMessage(),
              Map.of("residentVersion", v.resident(), "requestedVersion", v.requested()));
      case RejectedJobException r -> {
        ex.getResponseHeaders().add("Retry-After", "2");
        problem(
            ex,
            429,
            "gpu-queue-full",
            r.getMessage(),
            Map.of("retryAfterMillis", r.retryAfter().toMillis()));
      }
      case IllegalArgumentException i ->
          problem(ex, 400, "invalid-gpu-job", i.getMessage(), Map.of());
      default -> problem(ex, 500, "internal-error", "failed", Map.of());
    }
  }

  private static void problem(
      HttpExchange ex, int status, String type, String detail, Map<String, Object> extra)
      throws IOException {
    var body = new HashMap<String, Object>(extra);
    body.put("type", "https://themisdb.io/problems/" + type);
    body.put("status", status);
    body.put("detail", detail);
    send(ex, status, "application/problem+json", JSON.writeValueAsBytes(body));
  }

  private static void json(HttpExchange ex, Object body) throws IOException {
    send(ex, 200, "application/json", JSON.writeValueAsBytes(body));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  private static Map<String, String> query(URI uri) {
    var out = new HashMap<String, String>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        out.put(decode(kv[0]), decode(kv[1]));
      }
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      server.stop(0);
    }
  }
}
