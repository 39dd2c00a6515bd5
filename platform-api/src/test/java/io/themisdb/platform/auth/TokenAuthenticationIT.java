package io.themisdb.platform.auth;

import static io.themisdb.platform.TenantJourney.accessToken;
import static io.themisdb.platform.TenantJourney.createClient;
import static io.themisdb.platform.TenantJourney.getWithToken;
import static io.themisdb.platform.TenantJourney.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.themisdb.platform.ConsoleSession;
import io.themisdb.platform.RunningPlatform;
import io.themisdb.platform.TenantJourney;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Which bearer tokens /v1 accepts: only ours, unexpired, of an active client of a live tenant, with
 * the operation's scope; and what operators can do to tenants and keys. Embedded shape, one
 * platform restart.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenAuthenticationIT {

  private static final String OPERATOR_PASSWORD = "operator passphrase 1";
  private static final String PASSWORD = "tenant passphrase 22";

  @TempDir static Path dataDir;
  private RunningPlatform platform;
  private String tenantId;
  private String[] client;

  @BeforeAll
  void start(CapturedOutput output) throws Exception {
    platform = startPlatform();
    JsonNode tenant =
        TenantJourney.signUp(platform, "t@example.org", PASSWORD, "Tokens Inc", output::getOut);
    tenantId = tenant.get("tenantId").asString();
    ConsoleSession console = new ConsoleSession(platform);
    assertThat(console.signIn("t@example.org", PASSWORD).statusCode()).isEqualTo(200);
    client = createClient(console, "reader", "data:read");
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  private static RunningPlatform startPlatform() {
    return RunningPlatform.embedded(
        dataDir,
        Map.of(
            "themis.bootstrap.operator-email",
            "ops@example.org",
            "themis.bootstrap.operator-password",
            OPERATOR_PASSWORD));
  }

  @Test
  void missingOrGarbageTokensAnswer401Problems() throws Exception {
    HttpResponse<String> none = platform.get("/v1/tenant");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

    assertThat(getWithToken(platform, "/v1/tenant", "not.a.jwt").statusCode()).isEqualTo(401);
  }

  @Test
  void tokenSignedByAnotherKeyIsRejected() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
    String forged = sign(stranger, Instant.now().plusSeconds(300));

    assertThat(getWithToken(platform, "/v1/tenant", forged).statusCode()).isEqualTo(401);
  }

  @Test
  void expiredTokenSignedByOurKeyIsRejected() throws Exception {
    SigningKeys keys = platform.context().getBean(SigningKeys.class);
    RSAKey ours =
        (RSAKey)
            keys.get(
                    new com.nimbusds.jose.jwk.JWKSelector(
                        new com.nimbusds.jose.jwk.JWKMatcher.Builder()
                            .keyID(keys.currentKid())
                            .build()),
                    null)
                .getFirst();
    assertThat(
            getWithToken(platform, "/v1/tenant", sign(ours, Instant.now().plusSeconds(300)))
                .statusCode())
        .as("the same claims, unexpired, are accepted")
        .isEqualTo(200);

    assertThat(
            getWithToken(platform, "/v1/tenant", sign(ours, Instant.now().minusSeconds(120)))
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void missingScopeAnswers403Problem() throws Exception {
    String token = accessToken(platform, client[0], client[1]);

    HttpResponse<String> audit = getWithToken(platform, "/v1/audit", token);

    assertThat(audit.statusCode()).isEqualTo(403);
    assertThat(json(audit).get("type").asString())
        .isEqualTo("https://themisdb.io/problems/forbidden");
  }

  @Test
  void discoveryMetadataAndJwksAreServed() throws Exception {
    JsonNode metadata = json(platform.get("/.well-known/oauth-authorization-server"));
    assertThat(metadata.get("token_endpoint").asString()).endsWith("/oauth2/token");
    assertThat(metadata.get("grant_types_supported").toString()).contains("client_credentials");

    JsonNode jwks = json(platform.get("/oauth2/jwks"));
    assertThat(jwks.get("keys").get(0).get("kty").asString()).isEqualTo("RSA");
    assertThat(jwks.toString()).doesNotContain("\"d\"").doesNotContain("\"p\"");
  }

  @Test
  void rotationKeepsOldTokensValidAndRestartKeepsKeys() throws Exception {
    String before = accessToken(platform, client[0], client[1]);
    ConsoleSession operator = new ConsoleSession(platform);
    assertThat(operator.signIn("ops@example.org", OPERATOR_PASSWORD).statusCode()).isEqualTo(200);

    HttpResponse<String> rotated =
        operator.send("POST", "/console/api/operator/signing-keys/rotate", null);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);

    assertThat(json(platform.get("/oauth2/jwks")).get("keys").size()).isEqualTo(2);
    assertThat(getWithToken(platform, "/v1/tenant", before).statusCode()).isEqualTo(200);
    String after = accessToken(platform, client[0], client[1]);
    assertThat(TenantJourney.claims(after).toString()).contains(tenantId);

    platform.close();
    platform = startPlatform();
    assertThat(getWithToken(platform, "/v1/tenant", before).statusCode()).isEqualTo(200);
    assertThat(getWithToken(platform, "/v1/tenant", after).statusCode()).isEqualTo(200);
  }

  @Test
  void tenantUserCannotReachTheOperatorApi() throws Exception {
    ConsoleSession user = new ConsoleSession(platform);
    user.signIn("t@example.org", PASSWORD);

    assertThat(user.send("GET", "/console/api/operator/tenants", null).statusCode()).isEqualTo(403);
  }

  @Test
  void signInWithoutCsrfTokenIsRefused() throws Exception {
    HttpResponse<String> response =
        platform.postJson(
            "/console/api/session",
            "{\"email\":\"t@example.org\",\"password\":\"" + PASSWORD + "\"}");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  private String sign(RSAKey key, Instant expiresAt) {
    NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .subject(client[0])
            .issuedAt(expiresAt.minusSeconds(600))
            .expiresAt(expiresAt)
            .claim("tenant", tenantId)
            .claim("client_id", client[0])
            .claim("scope", List.of("data:read"))
            .build();
    return encoder
        .encode(
            JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build(), claims))
        .getTokenValue();
  }
}
