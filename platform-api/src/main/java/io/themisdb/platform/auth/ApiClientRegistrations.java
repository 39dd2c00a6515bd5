package io.themisdb.platform.auth;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/**
 * The authorization server's view of our API clients: only active clients of live tenants exist for
 * it, with the client_credentials grant and the scopes they were given. The tenant rides in a
 * client setting, from which {@link TenantClaims} puts it into the token.
 */
@Component
class ApiClientRegistrations implements RegisteredClientRepository {

  static final String TENANT_SETTING = "themis.tenant";
  static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(15);

  private final JdbcClient jdbc;

  ApiClientRegistrations(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public RegisteredClient findByClientId(String clientId) {
    return jdbc.sql(
            """
            SELECT c.id, c.client_id, c.name, c.secret_hash, c.scopes, c.tenant_id, c.created_at
            FROM api_clients c JOIN tenants t ON t.id = c.tenant_id
            WHERE c.client_id = ? AND c.status = 'ACTIVE' AND t.status IN ('ACTIVE', 'SUSPENDED')
            """)
        .param(clientId)
        .query(
            (rs, n) -> {
              List<String> scopes = List.of(rs.getString("scopes").split(" "));
              return RegisteredClient.withId(rs.getObject("id", UUID.class).toString())
                  .clientId(rs.getString("client_id"))
                  .clientName(rs.getString("name"))
                  .clientSecret(rs.getString("secret_hash"))
                  .clientIdIssuedAt(rs.getObject("created_at", OffsetDateTime.class).toInstant())
                  .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                  .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                  .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                  .scopes(s -> s.addAll(scopes))
                  .clientSettings(
                      ClientSettings.builder()
                          .setting(TENANT_SETTING, rs.getObject("tenant_id", UUID.class).toString())
                          .build())
                  .tokenSettings(
                      TokenSettings.builder()
                          .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                          .accessTokenTimeToLive(ACCESS_TOKEN_LIFETIME)
                          .build())
                  .build();
            })
        .optional()
        .orElse(null);
  }

  @Override
  public RegisteredClient findById(String id) {
    String clientId =
        jdbc.sql("SELECT client_id FROM api_clients WHERE id = ?")
            .param(UUID.fromString(id))
            .query(String.class)
            .optional()
            .orElse(null);
    return clientId == null ? null : findByClientId(clientId);
  }

  /**
   * Called by the authorization server only to upgrade a secret's hash encoding; clients are
   * created through {@link ApiClients}.
   */
  @Override
  public void save(RegisteredClient client) {
    jdbc.sql("UPDATE api_clients SET secret_hash = ? WHERE client_id = ?")
        .params(client.getClientSecret(), client.getClientId())
        .update();
  }
}
