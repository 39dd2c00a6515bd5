package io.themisdb.gpu.app;

import static io.themisdb.gpu.app.GpuServiceApiIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A full queue answers 429 with Retry-After, and a job whose deadline passes in the queue answers
 * 503 {@code gpu-deadline-exceeded}. The {@code gated} test accelerator holds the dispatcher in a
 * haversine call, so the queue fills deterministically.
 */
class GpuServiceBackpressureIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String POINTS = "{\"from\":[0,0],\"to\":[1,1]}";

  @Test
  void fullQueueAnswers429WithRetryAfterAndQueuedJobsStillRun() throws Exception {
    GatedAcceleratorFactory.close();
    try (var service =
        RunningGpuService.start(
            Map.of(
                "themis.gpu-service.accelerator", "gated",
                "themis.gpu-service.queue-capacity", "1",
                "themis.gpu-service.max-batch-size", "1"))) {
      try {
        fillAndReject(service);
      } finally {
        GatedAcceleratorFactory.open(); // before the service closes: close waits for the batch
      }
    }
  }

  private static void fillAndReject(RunningGpuService service) throws Exception {
    // the first job occupies the dispatcher, the second fills the queue of capacity 1
    CompletableFuture<HttpResponse<String>> running =
        CompletableFuture.supplyAsync(() -> service.sendText(distances(service, "t", null)));
    assertThat(GatedAcceleratorFactory.entered.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<HttpResponse<String>> queued =
        CompletableFuture.supplyAsync(() -> service.sendText(distances(service, "t", null)));
    awaitDepth(service, "t", 1);

    HttpResponse<String> rejected = service.sendText(distances(service, "t", null));
    assertProblem(rejected, 429, "gpu-queue-full");
    long retryAfter = Long.parseLong(rejected.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isPositive();
    assertThat(JSON.readTree(rejected.body()).get("retry-after").asLong()).isEqualTo(retryAfter);

    // another tenant's queue is its own: it is queued, not rejected
    CompletableFuture<HttpResponse<String>> otherTenant =
        CompletableFuture.supplyAsync(() -> service.sendText(distances(service, "u", null)));
    awaitDepth(service, "u", 1);

    GatedAcceleratorFactory.open();
    assertThat(running.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(queued.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(otherTenant.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void deadlinePassedInTheQueueAnswers503AndTheJobNeverRuns() throws Exception {
    GatedAcceleratorFactory.close();
    try (var service =
        RunningGpuService.start(
            Map.of(
                "themis.gpu-service.accelerator", "gated",
                "themis.gpu-service.max-batch-size", "1"))) {
      try {
        expireInQueue(service);
      } finally {
        GatedAcceleratorFactory.open();
      }
    }
  }

  private static void expireInQueue(RunningGpuService service) throws Exception {
    CompletableFuture<HttpResponse<String>> running =
        CompletableFuture.supplyAsync(() -> service.sendText(distances(service, "t", null)));
    assertThat(GatedAcceleratorFactory.entered.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<HttpResponse<String>> late =
        CompletableFuture.supplyAsync(() -> service.sendText(distances(service, "t", 50L)));
    // accepted (it may already have expired out of the queue, so not its depth)
    await(service, "t", "submitted", 2);
    Thread.sleep(100); // past the 50 ms deadline while the dispatcher is still busy
    GatedAcceleratorFactory.open();

    assertThat(running.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    HttpResponse<String> expired = late.get(30, TimeUnit.SECONDS);
    assertProblem(expired, 503, "gpu-deadline-exceeded");
    assertThat(JSON.readTree(expired.body()).get("retryable").asBoolean()).isTrue();
    var queues = JSON.readTree(service.sendText(service.request("/v1/queues").build()).body());
    var tenant = queues.get("tenants").get(0);
    assertThat(tenant.get("expired").asLong()).isEqualTo(1);
    assertThat(tenant.get("completed").asLong()).isEqualTo(1);
  }

  private static HttpRequest distances(RunningGpuService service, String tenant, Long timeout) {
    return service
        .request(
            "/v1/tenants/"
                + tenant
                + "/geo/distances"
                + (timeout == null ? "" : "?timeoutMillis=" + timeout))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(POINTS))
        .build();
  }

  private static void awaitDepth(RunningGpuService service, String tenant, int depth)
      throws InterruptedException {
    await(service, tenant, "depth", depth);
  }

  private static void await(RunningGpuService service, String tenant, String field, long value)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      var queues = JSON.readTree(service.sendText(service.request("/v1/queues").build()).body());
      for (var t : queues.get("tenants")) {
        if (t.get("tenant").asString().equals(tenant) && t.get(field).asLong() == value) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("tenant " + tenant + " never had " + field + " = " + value);
  }
}
