package io.themisdb.platform.billing.webhook;

import io.themisdb.billing.webhook.RetrySchedule;
import io.themisdb.billing.webhook.SignedDelivery;
import io.themisdb.billing.webhook.WebhookSigner;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due outbox deliveries, each claimed by exactly one instance, signed per Standard Webhooks
 * at each attempt (same {@code webhook-id}, fresh timestamp). A 2xx answer is success; anything
 * else (another status, a timeout, a refused connection, a forbidden address) is a failure, retried
 * after the billing module's {@link RetrySchedule} (exponential backoff, equal jitter). After the
 * schedule's maximum of consecutive failures the delivery is given up, and an endpoint with that
 * many consecutive failures over its deliveries is disabled with its pending deliveries.
 */
@Component
class WebhookDeliveryWorker {

  private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryWorker.class);
  private static final int BATCH = 50;
  private static final int MAX_ERROR = 500;

  private final WebhookDeliveries deliveries;
  private final WebhookEndpoints endpoints;
  private final WebhookSettings settings;
  private final RetrySchedule schedule;
  private final TransactionTemplate tx;
  private final HttpClient http;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("webhook-poller").daemon().factory());
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

  WebhookDeliveryWorker(
      WebhookDeliveries deliveries,
      WebhookEndpoints endpoints,
      WebhookSettings settings,
      TransactionTemplate tx) {
    this.deliveries = deliveries;
    this.endpoints = endpoints;
    this.settings = settings;
    this.schedule = settings.retrySchedule();
    this.tx = tx;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    long every = settings.pollInterval().toMillis();
    poller.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  private void pollQuietly() {
    try {
      deliverDue();
    } catch (RuntimeException e) {
      // The outbox keeps everything; the next poll tries again.
      log.warn("Webhook delivery round failed: {}", e.toString());
    }
  }

  /** Sends every delivery due now (claimed by this instance), in parallel; returns how many. */
  int deliverDue() {
    Instant now = Instant.now();
    Instant leaseUntil = now.plus(settings.lease());
    List<Future<?>> running = new ArrayList<>();
    for (WebhookDeliveries.Claimable c : deliveries.due(now, BATCH)) {
      if (deliveries.claim(c, leaseUntil)) {
        running.add(senders.submit(() -> attemptQuietly(c.id())));
      }
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (java.util.concurrent.ExecutionException e) {
        log.warn("Webhook attempt failed unexpectedly: {}", e.getCause().toString());
      }
    }
    return running.size();
  }

  private void attemptQuietly(UUID id) {
    try {
      attempt(id);
    } catch (RuntimeException e) {
      // The lease ends and the delivery is due again.
      log.warn("Webhook delivery {} not recorded: {}", id, e.toString());
    }
  }

  private void attempt(UUID id) {
    WebhookDeliveries.Due due = deliveries.load(id);
    int attempt = due.attempts() + 1;
    if (!due.endpointEnabled() || "DELETED".equals(due.tenantStatus())) {
      tx.executeWithoutResult(s -> deliveries.failed(id, due.attempts(), due.failures()));
      return;
    }
    Instant started = Instant.now();
    Outcome outcome = send(due, started);
    long millis = Duration.between(started, Instant.now()).toMillis();
    tx.executeWithoutResult(s -> record(due, attempt, started, millis, outcome));
  }

  private record Outcome(Integer statusCode, String error) {
    boolean ok() {
      return error == null;
    }
  }

  private Outcome send(WebhookDeliveries.Due due, Instant now) {
    URI url = URI.create(due.url());
    try {
      if (!settings.allowPrivateAddresses()) {
        WebhookUrls.requirePublic(InetAddress.getAllByName(url.getHost()));
      }
    } catch (UnknownHostException e) {
      return new Outcome(null, "Unknown host " + url.getHost());
    } catch (IllegalArgumentException e) {
      return new Outcome(null, e.getMessage());
    }
    byte[] body = due.payload().getBytes(StandardCharsets.UTF_8);
    SignedDelivery signed =
        WebhookSigner.sign(due.messageId(), now, body, List.of(endpoints.secret(due.endpointId())));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "ThemisDB-Webhooks/1")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signed.headers().forEach(request::header);
    try {
      HttpResponse<Void> response =
          http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      return status >= 200 && status < 300
          ? new Outcome(status, null)
          : new Outcome(status, "HTTP " + status);
    } catch (IOException e) {
      return new Outcome(null, truncate(e.getClass().getSimpleName() + ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(null, "Interrupted");
    }
  }

  private void record(
      WebhookDeliveries.Due due, int attempt, Instant at, long millis, Outcome outcome) {
    if (outcome.ok()) {
      deliveries.succeeded(due.id(), attempt);
      endpoints.succeeded(due.endpointId());
      deliveries.log(
          due.id(),
          new WebhookDelivery.Attempt(attempt, at, outcome.statusCode(), null, millis, null));
      return;
    }
    int failures = due.failures() + 1;
    int endpointFailures = endpoints.failed(due.endpointId());
    Long delay = null;
    if (schedule.after(endpointFailures, 0) instanceof RetrySchedule.Disable) {
      deliveries.failed(due.id(), attempt, failures);
      String reason = endpointFailures + " consecutive failed deliveries";
      endpoints.disable(due.endpointId(), reason);
      deliveries.failAllPending(due.endpointId());
      log.info("Webhook endpoint {} disabled: {}", due.endpointId(), reason);
    } else if (schedule.after(failures, ThreadLocalRandom.current().nextDouble())
        instanceof RetrySchedule.RetryAfter(Duration wait)) {
      delay = wait.toMillis();
      deliveries.retryAt(due.id(), attempt, failures, Instant.now().plus(wait));
    } else {
      deliveries.failed(due.id(), attempt, failures);
    }
    deliveries.log(
        due.id(),
        new WebhookDelivery.Attempt(
            attempt, at, outcome.statusCode(), outcome.error(), millis, delay));
  }

  private static String truncate(String s) {
    return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
  }

  @PreDestroy
  void stop() throws InterruptedException {
    poller.shutdownNow();
    senders.shutdown();
    // Attempts still running keep their lease and are retried after it, here or elsewhere.
    senders.awaitTermination(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }
}
