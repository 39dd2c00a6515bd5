package io.themisdb.platform;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One API client's calls to /v1 with its bearer token, for the end-to-end tests. */
public record TenantApi(RunningPlatform platform, String token) {

  public HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    return send("GET", path, null, "application/json", headers);
  }

  public HttpResponse<String> post(String path, String json, String... headers)
      throws IOException, InterruptedException {
    return send("POST", path, json, "application/json", headers);
  }

  public HttpResponse<String> put(String path, String json, String... headers)
      throws IOException, InterruptedException {
    return send("PUT", path, json, "application/json", headers);
  }

  public HttpResponse<String> patch(String path, String json, String... headers)
      throws IOException, InterruptedException {
    return send("PATCH", path, json, "application/merge-patch+json", headers);
  }

  public HttpResponse<String> delete(String path, String... headers)
      throws IOException, InterruptedException {
    return send("DELETE", path, null, null, headers);
  }

  /** Any method; {@code body} null sends none. {@code headers} are name, value pairs. */
  public HttpResponse<String> send(
      String method, String path, String body, String contentType, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        platform
            .request(path)
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return platform.send(b);
  }
}
