package io.themisdb.platform.auth;

import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Puts the tenant and the client id into every access token and names the signing key, so that
 * verifiers pick the right key from the JWKS while the previous key is still published. A request
 * that names no scope gets all of the client's scopes.
 */
class TenantClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

  static final String TENANT = "tenant";
  static final String CLIENT_ID = "client_id";

  private final SigningKeys keys;

  TenantClaims(SigningKeys keys) {
    this.keys = keys;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    String tenant =
        context
            .getRegisteredClient()
            .getClientSettings()
            .getSetting(ApiClientRegistrations.TENANT_SETTING);
    context.getClaims().claim(TENANT, tenant);
    context.getClaims().claim(CLIENT_ID, context.getRegisteredClient().getClientId());
    if (context.getAuthorizedScopes().isEmpty()) {
      // A token request without "scope" gets all the client's scopes (RFC 6749 §3.3 default).
      context.getClaims().claim("scope", context.getRegisteredClient().getScopes());
    }
    context.getJwsHeader().keyId(keys.currentKid());
  }
}
