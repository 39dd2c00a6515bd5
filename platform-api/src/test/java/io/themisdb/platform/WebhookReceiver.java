package io.themisdb.platform;

import com.sun.net.httpserver.HttpServer;
import io.themisdb.billing.webhook.WebhookSecret;
import io.themisdb.billing.webhook.WebhookVerificationException;
import io.themisdb.billing.webhook.WebhookVerifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tenant's webhook receiver on 127.0.0.1: answers each request with the next queued status (then
 * {@code 204}) and keeps every request it got, with its arrival time.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One request as received. */
  record Received(Instant at, Map<String, String> headers, byte[] body) {
    String id() {
      return headers.get("webhook-id");
    }

    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          Map<String, String> headers = new java.util.HashMap<>();
          for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
              headers.put(name, value);
            }
          }
          received.add(new Received(Instant.now(), headers, body));
          Integer status = answers.poll();
          exchange.sendResponseHeaders(status == null ? 204 : status, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** The next requests get these statuses, in order. */
  void answer(Integer... statuses) {
    answers.addAll(List.of(statuses));
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  /** Waits until at least {@code n} requests came; fails after {@code limit}. */
  List<Received> awaitRequests(int n, Duration limit) throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    while (received.size() < n) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("Only " + received.size() + " of " + n + " webhook requests came");
      }
      Thread.sleep(50);
    }
    return received();
  }

  /** Checks the Standard Webhooks signature as a tenant's receiver would. */
  static void verify(Received r, String secret) throws WebhookVerificationException {
    new WebhookVerifier(WebhookSecret.parse(secret)).verify(r.headers(), r.body(), Instant.now());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
