package io.themisdb.platform.bench;

import io.themisdb.platform.ConsoleSession;
import io.themisdb.platform.RunningPlatform;
import io.themisdb.platform.TenantJourney;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The full stack under load (#5): {@code wrk} over loopback against one running platform, first a
 * trivial authenticated endpoint ({@code GET /v1/tenant}: JWT check and tenant resolution only) as
 * the baseline, then {@code GET} of a 1 KB document by key (the same plus the engine read). Prints
 * both throughputs and their ratio. Not a test; run with
 *
 * <pre>./mvnw -B -ntp -Pbench -pl platform-api -DskipTests integration-test</pre>
 *
 * with {@code wrk} installed (Debian package {@code wrk}). {@code -Dbench.args="30 64"} sets the
 * seconds per run and the connections.
 */
public final class ApiBenchmark {

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final String PASSWORD = "benchmark passphrase";

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    ByteArrayOutputStream log = teeStandardOutput();
    Path data = Files.createTempDirectory("themis-api-bench");
    try (RunningPlatform platform =
        RunningPlatform.embedded(
            data, Map.of("logging.level.root", "WARN", "logging.level.io.themisdb", "INFO"))) {
      String token = tokenOfNewTenant(platform, log);
      String document = createDocument(platform, token);

      String baseline = platform.baseUrl() + "/v1/tenant";
      String candidate = platform.baseUrl() + document;
      wrk(baseline, token, 5, connections); // warm-up: JIT, caches, connection pools
      wrk(candidate, token, 5, connections);
      double base = wrk(baseline, token, seconds, connections);
      double doc = wrk(candidate, token, seconds, connections);

      System.out.printf(
          "%nwrk, %d connections, %d s each, %d cores%n",
          connections, seconds, Runtime.getRuntime().availableProcessors());
      System.out.printf("GET /v1/tenant (baseline)      %,10.0f req/s%n", base);
      System.out.printf(
          "GET document by key           %,10.0f req/s   %.2f x baseline%n", doc, doc / base);
    }
  }

  private static String tokenOfNewTenant(RunningPlatform platform, ByteArrayOutputStream log)
      throws IOException, InterruptedException {
    TenantJourney.signUp(
        platform,
        "bench@example.org",
        PASSWORD,
        "Benchmark",
        () -> log.toString(StandardCharsets.UTF_8));
    ConsoleSession console = new ConsoleSession(platform);
    console.signIn("bench@example.org", PASSWORD);
    String[] client =
        TenantJourney.createClient(console, "bench", "data:read", "data:write", "schema:write");
    return TenantJourney.accessToken(platform, client[0], client[1]);
  }

  private static String createDocument(RunningPlatform platform, String token)
      throws IOException, InterruptedException {
    check(
        platform.postJson(
            "/v1/collections", "{\"name\":\"bench\"}", "Authorization", "Bearer " + token));
    String filler = "x".repeat(900);
    check(
        platform.postJson(
            "/v1/collections/bench/documents",
            "{\"_key\":\"k1\",\"n\":42,\"tags\":[\"a\",\"b\"],\"text\":\"" + filler + "\"}",
            "Authorization",
            "Bearer " + token));
    return "/v1/collections/bench/documents/k1";
  }

  private static void check(HttpResponse<String> response) {
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
  }

  /** Runs wrk and returns its requests per second; fails on any non-2xx answer. */
  private static double wrk(String url, String token, int seconds, int connections)
      throws IOException, InterruptedException {
    Process wrk =
        new ProcessBuilder(
                List.of(
                    "wrk",
                    "-t2",
                    "-c" + connections,
                    "-d" + seconds + "s",
                    "-H",
                    "Authorization: Bearer " + token,
                    url))
            .redirectErrorStream(true)
            .start();
    String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (wrk.waitFor() != 0 || out.contains("Non-2xx")) {
      throw new IllegalStateException("wrk on " + url + " failed:\n" + out);
    }
    Matcher m = RATE.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no Requests/sec in wrk output:\n" + out);
    }
    return Double.parseDouble(m.group(1));
  }

  /** Keeps a copy of what is logged, where the embedded default prints the verification link. */
  private static ByteArrayOutputStream teeStandardOutput() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                original.write(b);
                copy.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                copy.write(b, off, len);
              }
            },
            true,
            StandardCharsets.UTF_8));
    return copy;
  }
}
