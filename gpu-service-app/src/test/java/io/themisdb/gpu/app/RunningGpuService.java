package io.themisdb.gpu.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The standalone service started as {@code java -jar} would start it, on a random port. */
final class RunningGpuService implements AutoCloseable {

  static final String SECRET = "test-secret-0123456789abcdef";

  final ConfigurableApplicationContext context;
  final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  private RunningGpuService(ConfigurableApplicationContext context) {
    this.context = context;
    this.base =
        URI.create(
            "http://127.0.0.1:"
                + context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  static RunningGpuService start(Map<String, String> extra) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("server.port", "0");
    props.put("themis.gpu-service.bearer-secret", SECRET);
    props.put("themis.gpu-service.cpu-threads", "2");
    props.putAll(extra);
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new RunningGpuService(
        new SpringApplicationBuilder(GpuServiceApplication.class).run(args));
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + SECRET);
  }

  HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> sendText(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
