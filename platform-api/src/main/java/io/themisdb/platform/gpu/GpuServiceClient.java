package io.themisdb.platform.gpu;

import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.Containment;
import io.themisdb.gpu.job.DistanceMatrix;
import io.themisdb.gpu.job.GeoPoint;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.InvalidJobException;
import io.themisdb.gpu.job.KnnJob;
import io.themisdb.gpu.job.KnnResult;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.scheduling.DeadlineExceededException;
import io.themisdb.gpu.scheduling.RejectedJobException;
import io.themisdb.gpu.vectorset.UnknownVectorSetException;
import io.themisdb.gpu.vectorset.VectorSetVersionException;
import io.themisdb.gpu.wire.VectorBodies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP client of the standalone GPU service (docs/gpu-service.md, "HTTP API"). Problems the
 * service answers become the exceptions the in-process scheduler throws, so callers handle both
 * deployments alike; an unreachable service or an unexpected answer is {@link
 * GpuServiceUnavailableException}. The bearer secret goes only into the Authorization header.
 */
public final class GpuServiceClient implements GpuJobs {

  private static final String PROBLEMS = "https://themisdb.io/problems/";
  private static final long MAX_RESULT_BYTES = 1L << 30;

  private final URI base;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;
  private final JsonMapper json = JsonMapper.builder().build();

  public GpuServiceClient(URI base, String bearerSecret, Duration timeout) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.authorization = "Bearer " + bearerSecret;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public String describe() {
    return "remote:" + base;
  }

  @Override
  public void upload(String tenant, String set, long version, VectorData data) {
    var body = new ByteArrayOutputStream(12 + data.size() * (8 + data.dimension() * 4));
    VectorBodies.writeVectorSet(body, data);
    send(
        "PUT",
        setPath(tenant, set) + "?version=" + version,
        VectorBodies.MEDIA_TYPE,
        BodyPublishers.ofByteArray(body.toByteArray()),
        tenant);
  }

  @Override
  public KnnResult knn(String tenant, KnnJob job) {
    var body = new ByteArrayOutputStream(12 + job.queries().length * 4);
    VectorBodies.writeQueries(body, job.dimension(), job.queries());
    String path =
        setPath(tenant, job.set())
            + "/knn?version="
            + job.version()
            + "&metric="
            + job.metric()
            + "&k="
            + job.k();
    HttpResponse<InputStream> response =
        send(
            "POST",
            path,
            VectorBodies.MEDIA_TYPE,
            BodyPublishers.ofByteArray(body.toByteArray()),
            tenant);
    try (InputStream in = response.body()) {
      return VectorBodies.readKnnResult(in, MAX_RESULT_BYTES);
    } catch (IOException | IllegalArgumentException e) {
      throw new GpuServiceUnavailableException("unreadable kNN result from " + base, e);
    }
  }

  @Override
  public DistanceMatrix distances(String tenant, HaversineJob job) {
    JsonNode answer =
        postJson(
            tenantPath(tenant) + "/geo/distances",
            Map.of("from", lonLat(job.from()), "to", lonLat(job.to())),
            tenant);
    return new DistanceMatrix(
        answer.get("rows").asInt(),
        answer.get("columns").asInt(),
        json.treeToValue(answer.get("metres"), double[].class));
  }

  @Override
  public Containment insidePolygon(String tenant, PointInPolygonJob job) {
    var body = new LinkedHashMap<String, Object>();
    body.put("shell", lonLat(job.polygon().shell()));
    body.put("holes", job.polygon().holes().stream().map(GpuServiceClient::lonLat).toList());
    body.put("points", lonLat(job.points()));
    JsonNode answer = postJson(tenantPath(tenant) + "/geo/inside-polygon", body, tenant);
    return new Containment(json.treeToValue(answer.get("inside"), boolean[].class));
  }

  /** Sets the tenant's scheduling weight on the service. */
  @Override
  public void setWeight(String tenant, int weight) {
    send(
        "PUT",
        tenantPath(tenant) + "/weight",
        "application/json",
        BodyPublishers.ofByteArray(json.writeValueAsBytes(Map.of("weight", weight))),
        tenant);
  }

  /** Accelerator milliseconds per tenant since the last drain (by anyone); each handed out once. */
  public Map<String, Long> drainUsage() {
    JsonNode answer = readJson(send("POST", "v1/usage/drain", null, BodyPublishers.noBody(), "-"));
    var out = new LinkedHashMap<String, Long>();
    answer
        .get("acceleratorMillis")
        .properties()
        .forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  /** The service's queues as it reports them ({@code GET /v1/queues}), for the operator view. */
  @Override
  public JsonNode queues() {
    return readJson(send("GET", "v1/queues", null, BodyPublishers.noBody(), "-"));
  }

  private JsonNode postJson(String path, Object body, String tenant) {
    return readJson(
        send(
            "POST",
            path,
            "application/json",
            BodyPublishers.ofByteArray(json.writeValueAsBytes(body)),
            tenant));
  }

  private JsonNode readJson(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      return json.readTree(in);
    } catch (IOException | RuntimeException e) {
      throw new GpuServiceUnavailableException("unreadable answer from " + base, e);
    }
  }

  private HttpResponse<InputStream> send(
      String method, String path, String contentType, BodyPublisher body, String tenant) {
    var request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout)
            .header("Authorization", authorization)
            .method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new GpuServiceUnavailableException("GPU service " + base + " unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GpuServiceUnavailableException("interrupted calling the GPU service", e);
    }
    if (response.statusCode() / 100 == 2) {
      return response;
    }
    throw problem(response, tenant, path);
  }

  /** Turns a problem answer into the exception the in-process scheduler would have thrown. */
  private RuntimeException problem(HttpResponse<InputStream> response, String tenant, String path) {
    JsonNode problem;
    try (InputStream in = response.body()) {
      problem = json.readTree(in);
    } catch (IOException | RuntimeException e) {
      return new GpuServiceUnavailableException(
          "GPU service answered " + response.statusCode() + " without a problem body", e);
    }
    String type = problem.path("type").asString("");
    String detail = problem.path("detail").asString("");
    String kind = type.startsWith(PROBLEMS) ? type.substring(PROBLEMS.length()) : type;
    return switch (kind) {
      case "invalid-gpu-job" -> new InvalidJobException(detail);
      case "vector-set-not-found" -> new UnknownVectorSetException(tenant, setOf(path));
      case "vector-set-version-mismatch" ->
          new VectorSetVersionException(
              tenant,
              setOf(path),
              problem.path("requestedVersion").asLong(),
              problem.path("residentVersion").asLong());
      case "gpu-queue-full" ->
          new RejectedJobException(
              tenant, "the GPU service's queue is full", retryAfter(response, problem));
      case "gpu-deadline-exceeded" -> new DeadlineExceededException(tenant, "GPU job", timeout);
      default ->
          // unauthenticated (a wrong secret), malformed-request (a client bug), internal-error
          new GpuServiceUnavailableException(
              "GPU service answered " + response.statusCode() + " " + kind + ": " + detail);
    };
  }

  private static Duration retryAfter(HttpResponse<?> response, JsonNode problem) {
    if (problem.has("retryAfterMillis")) {
      return Duration.ofMillis(problem.get("retryAfterMillis").asLong());
    }
    return Duration.ofSeconds(
        response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L));
  }

  private static String setOf(String path) {
    int start = path.indexOf("/vector-sets/");
    if (start < 0) {
      return "?";
    }
    String rest = path.substring(start + "/vector-sets/".length());
    int end = rest.indexOf('/');
    int query = rest.indexOf('?');
    int cut = end >= 0 ? end : query >= 0 ? query : rest.length();
    return java.net.URLDecoder.decode(rest.substring(0, cut), StandardCharsets.UTF_8)
        .replace("~2F", "/")
        .replace("~7E", "~");
  }

  private static String tenantPath(String tenant) {
    return "v1/tenants/" + segment(tenant);
  }

  private static String setPath(String tenant, String set) {
    return tenantPath(tenant) + "/vector-sets/" + segment(set);
  }

  /**
   * A path segment. Servlet containers refuse an encoded slash in a path, and engine set names look
   * like {@code collection/index}: {@code /} travels as {@code ~2F} (and {@code ~} as {@code ~7E}
   * to keep the mapping one-to-one), so the service knows the set by the escaped name.
   */
  static String segment(String value) {
    String escaped = value.replace("~", "~7E").replace("/", "~2F");
    return URLEncoder.encode(escaped, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static double[] lonLat(List<GeoPoint> points) {
    double[] out = new double[points.size() * 2];
    for (int i = 0; i < points.size(); i++) {
      out[2 * i] = points.get(i).longitude();
      out[2 * i + 1] = points.get(i).latitude();
    }
    return out;
  }
}
