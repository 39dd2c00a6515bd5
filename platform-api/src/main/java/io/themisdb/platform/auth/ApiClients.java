package io.themisdb.platform.auth;

import io.themisdb.platform.audit.AuditEvent.Outcome;
import io.themisdb.platform.audit.AuditLog;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's API clients: created with a secret that is shown once and stored only as a hash,
 * listed, given a new secret, revoked. Every change is audited. A client of another tenant is "not
 * found", never "forbidden", so its existence does not leak.
 */
@Service
public class ApiClients {

  public static final int MAX_PER_TENANT = 50;

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;
  private final AuditLog audit;
  private final SecureRandom random = new SecureRandom();

  ApiClients(JdbcClient jdbc, PasswordEncoder passwords, AuditLog audit) {
    this.jdbc = jdbc;
    this.passwords = passwords;
    this.audit = audit;
  }

  /** What the console shows of a client; never its secret. */
  public record ApiClient(
      String clientId, String name, Set<String> scopes, String status, Instant createdAt) {}

  /** A client with its secret, returned once at creation or rotation. */
  public record IssuedSecret(ApiClient client, String clientSecret) {}

  @Transactional
  public IssuedSecret create(UUID tenantId, String name, Set<String> scopes, String actor) {
    Set<String> checked = checkScopes(scopes);
    long count =
        jdbc.sql("SELECT count(*) FROM api_clients WHERE tenant_id = ? AND status = 'ACTIVE'")
            .param(tenantId)
            .query(Long.class)
            .single();
    if (count >= MAX_PER_TENANT) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "A tenant can have at most " + MAX_PER_TENANT + " active API clients.");
    }
    String clientId = "tc_" + HexFormat.of().formatHex(randomBytes(10));
    String secret = newSecret();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    jdbc.sql(
            """
            INSERT INTO api_clients (id, tenant_id, client_id, name, secret_hash, scopes, status,
                                     created_at)
            VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', ?)
            """)
        .params(
            UUID.randomUUID(),
            tenantId,
            clientId,
            name.strip(),
            passwords.encode(secret),
            String.join(" ", checked),
            now)
        .update();
    audit.record(tenantId, actor, "api-client.created", clientId, Outcome.SUCCESS);
    return new IssuedSecret(get(tenantId, clientId), secret);
  }

  public List<ApiClient> list(UUID tenantId) {
    return jdbc.sql(
            "SELECT client_id, name, scopes, status, created_at FROM api_clients"
                + " WHERE tenant_id = ? ORDER BY created_at")
        .param(tenantId)
        .query((rs, n) -> row(rs))
        .list();
  }

  public ApiClient get(UUID tenantId, String clientId) {
    return jdbc.sql(
            "SELECT client_id, name, scopes, status, created_at FROM api_clients"
                + " WHERE tenant_id = ? AND client_id = ?")
        .params(tenantId, clientId)
        .query((rs, n) -> row(rs))
        .optional()
        .orElseThrow(() -> notFound(clientId));
  }

  @Transactional
  public IssuedSecret rotateSecret(UUID tenantId, String clientId, String actor) {
    String secret = newSecret();
    int updated =
        jdbc.sql(
                "UPDATE api_clients SET secret_hash = ?, secret_rotated_at = ?"
                    + " WHERE tenant_id = ? AND client_id = ? AND status = 'ACTIVE'")
            .params(
                passwords.encode(secret), OffsetDateTime.now(ZoneOffset.UTC), tenantId, clientId)
            .update();
    if (updated != 1) {
      throw notFound(clientId);
    }
    audit.record(tenantId, actor, "api-client.secret-rotated", clientId, Outcome.SUCCESS);
    return new IssuedSecret(get(tenantId, clientId), secret);
  }

  /** Revokes the client; its tokens stop working at the next request (see ActiveClients). */
  @Transactional
  public void revoke(UUID tenantId, String clientId, String actor) {
    int updated =
        jdbc.sql(
                "UPDATE api_clients SET status = 'REVOKED', revoked_at = ?"
                    + " WHERE tenant_id = ? AND client_id = ? AND status = 'ACTIVE'")
            .params(OffsetDateTime.now(ZoneOffset.UTC), tenantId, clientId)
            .update();
    if (updated != 1) {
      throw notFound(clientId);
    }
    audit.record(tenantId, actor, "api-client.revoked", clientId, Outcome.SUCCESS);
  }

  private static Set<String> checkScopes(Set<String> scopes) {
    if (scopes == null || scopes.isEmpty()) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED, "Give the client at least one scope.");
    }
    Set<String> unknown =
        scopes.stream().filter(s -> ApiScope.of(s).isEmpty()).collect(Collectors.toSet());
    if (!unknown.isEmpty()) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED,
          "Unknown scopes: " + String.join(", ", new TreeSet<>(unknown)));
    }
    return new TreeSet<>(scopes);
  }

  private static ApiClient row(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new ApiClient(
        rs.getString("client_id"),
        rs.getString("name"),
        new TreeSet<>(List.of(rs.getString("scopes").split(" "))),
        rs.getString("status"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }

  private static ProblemException notFound(String clientId) {
    return new ProblemException(
        ProblemType.NOT_FOUND, "No API client " + clientId + " in this tenant.");
  }

  private String newSecret() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }
}
