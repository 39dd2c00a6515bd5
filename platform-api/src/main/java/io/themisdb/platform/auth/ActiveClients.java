package io.themisdb.platform.auth;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Rejects a token whose client has been revoked or whose tenant has been deleted, at once rather
 * than when the token expires. One primary-key lookup per request; the control plane answers it
 * from its buffer cache, and the benchmark in docs/performance.md measures the cost.
 */
class ActiveClients implements OAuth2TokenValidator<Jwt> {

  private static final OAuth2Error REVOKED =
      new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token's client is revoked", null);

  private final JdbcClient jdbc;

  ActiveClients(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public OAuth2TokenValidatorResult validate(Jwt token) {
    String clientId = token.getClaimAsString(TenantClaims.CLIENT_ID);
    String tenant = token.getClaimAsString(TenantClaims.TENANT);
    UUID tenantId;
    try {
      tenantId = UUID.fromString(tenant);
    } catch (IllegalArgumentException | NullPointerException e) {
      return OAuth2TokenValidatorResult.failure(REVOKED);
    }
    boolean active =
        jdbc.sql(
                    """
                SELECT count(*) FROM api_clients c JOIN tenants t ON t.id = c.tenant_id
                WHERE c.client_id = ? AND c.status = 'ACTIVE'
                  AND t.status IN ('ACTIVE', 'SUSPENDED') AND t.id = ?
                """)
                .params(clientId, tenantId)
                .query(Long.class)
                .single()
            == 1;
    return active
        ? OAuth2TokenValidatorResult.success()
        : OAuth2TokenValidatorResult.failure(REVOKED);
  }
}
