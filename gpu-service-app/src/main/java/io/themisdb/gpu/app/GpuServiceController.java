package io.themisdb.gpu.app;

import io.themisdb.gpu.BatchScheduler;
import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.job.Containment;
import io.themisdb.gpu.job.DistanceMatrix;
import io.themisdb.gpu.job.GeoPoint;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.InvalidJobException;
import io.themisdb.gpu.job.Job;
import io.themisdb.gpu.job.JobResult;
import io.themisdb.gpu.job.KnnJob;
import io.themisdb.gpu.job.KnnResult;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.job.Polygon;
import io.themisdb.gpu.job.RadiusMatches;
import io.themisdb.gpu.job.WithinRadiusJob;
import io.themisdb.gpu.scheduling.QueuesView;
import io.themisdb.gpu.vectorset.UnknownVectorSetException;
import io.themisdb.gpu.vectorset.VectorSetDelta;
import io.themisdb.gpu.vectorset.VectorSetKey;
import io.themisdb.gpu.wire.VectorBodies;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP API of the standalone service (docs/gpu-service.md, "HTTP API"). The tenant is a path
 * segment: the only caller is platform-api, authenticated by {@link BearerSecretFilter}, which
 * takes it from its own authenticated principal. Vectors travel as {@value VectorBodies#MEDIA_TYPE}
 * bodies, geo points as JSON {@code lon, lat} pairs.
 */
@RestController
@RequestMapping("/v1")
class GpuServiceController {

  private static final MediaType VECTORS = MediaType.parseMediaType(VectorBodies.MEDIA_TYPE);

  private final BatchScheduler scheduler;
  private final AcceleratorUsageLedger ledger;
  private final long maxBodyBytes;

  GpuServiceController(
      BatchScheduler scheduler, AcceleratorUsageLedger ledger, GpuServiceSettings settings) {
    this.scheduler = scheduler;
    this.ledger = ledger;
    this.maxBodyBytes = settings.maxBodySize().toBytes();
  }

  record VectorSetView(String tenant, String set, long version, Integer size, Integer dimension) {}

  /** Uploads (or replaces) version {@code version} of the set. */
  @PutMapping(path = "/tenants/{tenant}/vector-sets/{set}", consumes = VectorBodies.MEDIA_TYPE)
  VectorSetView upload(
      @PathVariable String tenant,
      @PathVariable String set,
      @RequestParam long version,
      HttpServletRequest request)
      throws IOException {
    new VectorSetKey(tenant, set, version); // a bad version fails before the body is read
    VectorData data;
    try (InputStream in = request.getInputStream()) {
      data = VectorBodies.readVectorSet(in, maxBodyBytes);
    }
    VectorSetKey key = scheduler.upload(tenant, set, version, data);
    return new VectorSetView(key.tenant(), key.set(), key.version(), data.size(), data.dimension());
  }

  /** Applies a delta from the engine's change log to the resident version. */
  @PostMapping(
      path = "/tenants/{tenant}/vector-sets/{set}/deltas",
      consumes = VectorBodies.MEDIA_TYPE)
  VectorSetView applyDelta(
      @PathVariable String tenant, @PathVariable String set, HttpServletRequest request)
      throws IOException {
    VectorSetDelta delta;
    try (InputStream in = request.getInputStream()) {
      delta = VectorBodies.readDelta(in, maxBodyBytes);
    }
    VectorSetKey key = scheduler.applyDelta(tenant, set, delta);
    return new VectorSetView(key.tenant(), key.set(), key.version(), null, null);
  }

  /** The resident version, or 404 {@code vector-set-not-found}. */
  @GetMapping("/tenants/{tenant}/vector-sets/{set}")
  VectorSetView resident(@PathVariable String tenant, @PathVariable String set) {
    long version =
        scheduler
            .residentVersion(tenant, set)
            .orElseThrow(() -> new UnknownVectorSetException(tenant, set));
    return new VectorSetView(tenant, set, version, null, null);
  }

  @DeleteMapping("/tenants/{tenant}/vector-sets/{set}")
  ResponseEntity<Void> drop(@PathVariable String tenant, @PathVariable String set) {
    scheduler.drop(tenant, set);
    return ResponseEntity.noContent().build();
  }

  /** Exact kNN of a {@code TVQ1} query batch; answers a {@code TVK1} result. */
  @PostMapping(
      path = "/tenants/{tenant}/vector-sets/{set}/knn",
      consumes = VectorBodies.MEDIA_TYPE,
      produces = VectorBodies.MEDIA_TYPE)
  ResponseEntity<byte[]> knn(
      @PathVariable String tenant,
      @PathVariable String set,
      @RequestParam long version,
      @RequestParam Metric metric,
      @RequestParam int k,
      @RequestParam(required = false) Long timeoutMillis,
      HttpServletRequest request)
      throws IOException {
    VectorBodies.QueryBatch batch;
    try (InputStream in = request.getInputStream()) {
      batch = VectorBodies.readQueries(in, maxBodyBytes);
    }
    var job = new KnnJob(set, version, metric, k, batch.dimension(), batch.vectors());
    KnnResult result = run(tenant, job, timeoutMillis);
    var out = new ByteArrayOutputStream(16 + result.perQuery().size() * (4 + k * 12));
    VectorBodies.writeKnnResult(out, result);
    return ResponseEntity.ok().contentType(VECTORS).body(out.toByteArray());
  }

  record DistancesRequest(double[] from, double[] to) {}

  record DistancesResponse(int rows, int columns, double[] metres) {}

  /** Haversine distance in metres from every {@code from} point to every {@code to} point. */
  @PostMapping(path = "/tenants/{tenant}/geo/distances", consumes = "application/json")
  DistancesResponse distances(
      @PathVariable String tenant,
      @RequestParam(required = false) Long timeoutMillis,
      @RequestBody DistancesRequest body) {
    var job =
        new HaversineJob(
            GeoPoint.fromLonLatPairs(body.from(), "from"),
            GeoPoint.fromLonLatPairs(body.to(), "to"));
    DistanceMatrix m = run(tenant, job, timeoutMillis);
    return new DistancesResponse(m.rows(), m.columns(), m.metres());
  }

  record WithinRadiusRequest(double[] centre, double radiusMetres, double[] points) {}

  record WithinRadiusResponse(int[] indices) {}

  @PostMapping(path = "/tenants/{tenant}/geo/within-radius", consumes = "application/json")
  WithinRadiusResponse withinRadius(
      @PathVariable String tenant,
      @RequestParam(required = false) Long timeoutMillis,
      @RequestBody WithinRadiusRequest body) {
    List<GeoPoint> centre = GeoPoint.fromLonLatPairs(body.centre(), "centre");
    if (centre.size() != 1) {
      throw new InvalidJobException("centre must be one lon, lat pair");
    }
    var job =
        new WithinRadiusJob(
            centre.getFirst(),
            body.radiusMetres(),
            GeoPoint.fromLonLatPairs(body.points(), "points"));
    RadiusMatches matches = run(tenant, job, timeoutMillis);
    return new WithinRadiusResponse(matches.indices());
  }

  record InsidePolygonRequest(double[] shell, List<double[]> holes, double[] points) {}

  record InsidePolygonResponse(boolean[] inside) {}

  @PostMapping(path = "/tenants/{tenant}/geo/inside-polygon", consumes = "application/json")
  InsidePolygonResponse insidePolygon(
      @PathVariable String tenant,
      @RequestParam(required = false) Long timeoutMillis,
      @RequestBody InsidePolygonRequest body) {
    var holes = new ArrayList<List<GeoPoint>>();
    List<double[]> rings = body.holes() == null ? List.of() : body.holes();
    for (int i = 0; i < rings.size(); i++) {
      holes.add(GeoPoint.fromLonLatPairs(rings.get(i), "holes[" + i + "]"));
    }
    var polygon = new Polygon(GeoPoint.fromLonLatPairs(body.shell(), "shell"), holes);
    var job = new PointInPolygonJob(polygon, GeoPoint.fromLonLatPairs(body.points(), "points"));
    Containment containment = run(tenant, job, timeoutMillis);
    return new InsidePolygonResponse(containment.inside());
  }

  record WeightRequest(int weight) {}

  /** Sets the tenant's scheduling weight (from its plan). */
  @PutMapping(path = "/tenants/{tenant}/weight", consumes = "application/json")
  ResponseEntity<Void> weight(@PathVariable String tenant, @RequestBody WeightRequest body) {
    if (body.weight() < 1) {
      throw new InvalidJobException("weight must be >= 1, was " + body.weight());
    }
    scheduler.setWeight(tenant, body.weight());
    return ResponseEntity.noContent().build();
  }

  /** The current queues, for the operator console. */
  @GetMapping("/queues")
  QueuesView queues() {
    return QueuesView.of(scheduler.snapshot());
  }

  record UsageDrain(Map<String, Long> acceleratorMillis) {}

  /**
   * Accelerator milliseconds per tenant since the last drain, for platform-api's metering. Each
   * millisecond is answered once: a lost response loses that usage, never double-counts it.
   */
  @PostMapping("/usage/drain")
  UsageDrain drainUsage() {
    return new UsageDrain(ledger.drainMillis());
  }

  private <R extends JobResult> R run(String tenant, Job<R> job, Long timeoutMillis) {
    var future =
        timeoutMillis == null
            ? scheduler.submit(tenant, job)
            : scheduler.submit(tenant, job, positive(timeoutMillis));
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new CancellationException("request interrupted");
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    }
  }

  private static Duration positive(long millis) {
    if (millis < 1) {
      throw new InvalidJobException("timeoutMillis must be >= 1, was " + millis);
    }
    return Duration.ofMillis(millis);
  }
}
