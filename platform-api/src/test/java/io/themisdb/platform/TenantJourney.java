package io.themisdb.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.platform.auth.ApiScope;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Steps a tenant's people take over HTTP, shared by the end-to-end tests. */
public final class TenantJourney {

  public static final JsonMapper JSON = JsonMapper.builder().build();
  public static final String PROBLEMS = "https://themisdb.io/problems/";
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{20,})");

  private TenantJourney() {}

  public static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  /** The last verification or reset token in some text (a mail body, the log). */
  public static String lastToken(String text) {
    Matcher m = TOKEN.matcher(text);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    assertThat(last).as("a token link in: %s", text).isNotNull();
    return last;
  }

  /** Signs up and follows the mailed link; returns the provisioned tenant's JSON. */
  public static JsonNode signUp(
      RunningPlatform platform, String email, String password, String org, Supplier<String> mail)
      throws IOException, InterruptedException {
    HttpResponse<String> signup =
        platform.postJson(
            "/v1/signup",
            "{\"email\":\"%s\",\"password\":\"%s\",\"organisationName\":\"%s\"}"
                .formatted(email, password, org));
    assertThat(signup.statusCode()).as(signup.body()).isEqualTo(202);
    HttpResponse<String> verified =
        platform.postJson("/v1/signup/verify", "{\"token\":\"" + lastToken(mail.get()) + "\"}");
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(201);
    return json(verified);
  }

  /** Creates an API client through the console; returns {clientId, clientSecret}. */
  public static String[] createClient(ConsoleSession console, String name, String... scopes)
      throws IOException, InterruptedException {
    String scopeList = String.join("\",\"", scopes);
    HttpResponse<String> created =
        console.send(
            "POST",
            "/console/api/clients",
            "{\"name\":\"" + name + "\",\"scopes\":[\"" + scopeList + "\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode body = json(created);
    return new String[] {
      body.get("client").get("clientId").asString(), body.get("clientSecret").asString()
    };
  }

  public static HttpResponse<String> requestToken(
      RunningPlatform platform, String clientId, String secret)
      throws IOException, InterruptedException {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                        + ":"
                        + URLEncoder.encode(secret, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
    return platform.send(
        platform
            .request("/oauth2/token")
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
  }

  public static String accessToken(RunningPlatform platform, String clientId, String secret)
      throws IOException, InterruptedException {
    HttpResponse<String> response = requestToken(platform, clientId, secret);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("access_token").asString();
  }

  public static HttpResponse<String> getWithToken(
      RunningPlatform platform, String path, String token)
      throws IOException, InterruptedException {
    return platform.send(platform.request(path).header("Authorization", "Bearer " + token).GET());
  }

  /** The claims of a JWT, unverified: for looking, not for trusting. */
  public static JsonNode claims(String jwt) {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  /** Every scope an API client can hold. */
  public static String[] allScopes() {
    return Stream.of(ApiScope.values()).map(ApiScope::value).toArray(String[]::new);
  }

  /** Signs in to the console as {@code email}, creates an API client and takes its token. */
  public static TenantApi apiClient(
      RunningPlatform platform, String email, String password, String name, String... scopes)
      throws IOException, InterruptedException {
    ConsoleSession console = new ConsoleSession(platform);
    assertThat(console.signIn(email, password).statusCode()).isEqualTo(200);
    String[] client = createClient(console, name, scopes);
    return new TenantApi(platform, accessToken(platform, client[0], client[1]));
  }

  /** POSTs {@code body} as JSON for {@code as}. */
  public static HttpResponse<String> postJson(TenantApi as, String path, Map<String, ?> body)
      throws Exception {
    return as.post(path, JSON.writeValueAsString(body));
  }

  /** The body of a 200 answer. */
  public static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  public static void created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  /** The problem+json body of an answer with {@code status} and problem {@code type}. */
  public static JsonNode problem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = json(response);
    assertThat(problem.get("type").asString()).isEqualTo(PROBLEMS + type);
    return problem;
  }

  /** The field a validation problem names first. */
  public static String field(JsonNode problem) {
    return problem.get("errors").get(0).get("field").asString();
  }
}
