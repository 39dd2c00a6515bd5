package io.themisdb.platform.auth;

import io.themisdb.platform.problem.ProblemSecurityHandlers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The OAuth2 authorization server: client_credentials at /oauth2/token, RS256 JWTs signed with
 * {@link SigningKeys}, JWKS at /oauth2/jwks, metadata at /.well-known/oauth-authorization-server.
 * The same keys verify tokens on /v1.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

  @Bean
  @Order(1)
  SecurityFilterChain authorizationServer(HttpSecurity http, ApiClientRegistrations clients)
      throws Exception {
    OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
    ProblemSecurityHandlers problems = ProblemSecurityHandlers.session();
    http.securityMatcher(server.getEndpointsMatcher())
        .with(
            server,
            as ->
                as.registeredClientRepository(clients)
                    .authorizationService(new StatelessAuthorizations()))
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .csrf(csrf -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    return http.build();
  }

  /** Picked up by the authorization server's JWT generator, which signs with SigningKeys. */
  @Bean
  TenantClaims tenantClaims(SigningKeys keys) {
    return new TenantClaims(keys);
  }

  /** Verifies /v1 tokens: our signature, not expired, and the client still active. */
  @Bean
  JwtDecoder jwtDecoder(SigningKeys keys, JdbcClient jdbc) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys).build();
    decoder.setJwtValidator(
        new DelegatingOAuth2TokenValidator<>(
            JwtValidators.createDefault(), new ActiveClients(jdbc)));
    return decoder;
  }
}
