package io.themisdb.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole platform started as {@code java -jar} would start it, on a random port, with its data
 * under a test directory. Tests that restart the platform on the same data use two of these.
 */
public final class RunningPlatform implements AutoCloseable {

  private final ConfigurableApplicationContext context;
  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  private RunningPlatform(ConfigurableApplicationContext context) {
    this.context = context;
    this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  /** Starts the embedded default (H2 file control plane) with its data under {@code dataDir}. */
  public static RunningPlatform embedded(Path dataDir, Map<String, String> extra) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("themis.data-dir", dataDir.toAbsolutePath().toString());
    props.putAll(extra);
    return start(props);
  }

  /** Starts with exactly these properties, on top of application.yml and random port. */
  public static RunningPlatform start(Map<String, String> properties) {
    // Tests send far more than the free plan's 10 requests per second and make more than its 10
    // collections; the rate-limit and cap tests set these keys themselves, which replaces them.
    Map<String, String> all = new LinkedHashMap<>();
    // As an argument, not a default property: application.yml's 8080 would win over a default,
    // and builds running side by side would collide on it.
    all.put("server.port", "0");
    all.put("themis.billing.plan-overrides.free.burst.quota", "1000000");
    all.put("themis.billing.plan-overrides.free.burst.window", "1s");
    all.put("themis.billing.plan-overrides.free.sustained.quota", "100000000");
    all.put("themis.billing.plan-overrides.free.sustained.window", "1h");
    all.put("themis.billing.plan-overrides.free.collections", "1000");
    all.put("themis.billing.address-quota", "1000000");
    // Tests run invoices themselves; a scheduled run would race them.
    all.put("themis.billing.invoice-run.enabled", "false");
    all.putAll(properties);
    String[] args =
        all.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ThemisPlatformApplication.class).run(args);
    return new RunningPlatform(context);
  }

  public ConfigurableApplicationContext context() {
    return context;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  /** A request builder for a path of this platform. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl() + path));
  }

  public String baseUrl() {
    return "http://localhost:" + port;
  }

  public HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs a JSON body. */
  public HttpResponse<String> postJson(String path, String json, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  @Override
  public void close() {
    context.close();
  }
}
