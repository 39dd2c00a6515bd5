package io.themisdb.platform.auth;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Keeps no record of issued tokens. Our only grant is client_credentials with self-contained,
 * short-lived JWTs and no refresh tokens, so nothing needs to be looked up later; the default
 * in-memory service would instead keep every token ever issued until the process dies. A token is
 * withdrawn by revoking its client (see {@link ActiveClients}), not one by one.
 */
class StatelessAuthorizations implements OAuth2AuthorizationService {

  @Override
  public void save(OAuth2Authorization authorization) {}

  @Override
  public void remove(OAuth2Authorization authorization) {}

  @Override
  public OAuth2Authorization findById(String id) {
    return null;
  }

  @Override
  public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
    return null;
  }
}
