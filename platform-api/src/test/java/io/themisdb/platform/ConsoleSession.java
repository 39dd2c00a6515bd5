package io.themisdb.platform;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser's view of the console API: keeps cookies itself (the session cookie is Secure, which
 * the JDK's cookie handler would not send over http://localhost) and echoes the XSRF-TOKEN cookie
 * in the X-XSRF-TOKEN header, as the console's JavaScript does.
 */
public final class ConsoleSession {

  private final RunningPlatform platform;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  public ConsoleSession(RunningPlatform platform) {
    this.platform = platform;
  }

  /** Fetches the CSRF cookie, then signs in; returns the sign-in response. */
  public HttpResponse<String> signIn(String email, String password)
      throws IOException, InterruptedException {
    send("GET", "/console/api/session", null);
    return send(
        "POST",
        "/console/api/session",
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
  }

  public HttpResponse<String> send(String method, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = platform.request(path);
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (!cookies.isEmpty()) {
      b.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    String xsrf = cookies.get("XSRF-TOKEN");
    if (xsrf != null) {
      b.header("X-XSRF-TOKEN", xsrf);
    }
    HttpResponse<String> response = platform.send(b);
    remember(response.headers().allValues("Set-Cookie"));
    return response;
  }

  public Map<String, String> cookies() {
    return cookies;
  }

  /** Raw Set-Cookie attributes of the last response that set {@code name}, for flag checks. */
  private void remember(List<String> setCookies) {
    for (String header : setCookies) {
      String pair = header.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq).strip();
      String value = pair.substring(eq + 1).strip();
      if (value.isEmpty() || header.contains("Max-Age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
  }
}
