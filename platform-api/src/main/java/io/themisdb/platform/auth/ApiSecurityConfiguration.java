package io.themisdb.platform.auth;

import io.themisdb.platform.problem.ProblemSecurityHandlers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The /v1 API: stateless, bearer JWTs from our authorization server. Signup and password reset are
 * the only anonymous operations. Scopes are checked per operation with {@code @PreAuthorize}, the
 * tenant by {@code CurrentTenant}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class ApiSecurityConfiguration {

  @Bean
  @Order(2)
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    ProblemSecurityHandlers problems = ProblemSecurityHandlers.bearer();
    http.securityMatcher("/v1/**")
        .authorizeHttpRequests(
            a ->
                a.requestMatchers("/v1/signup", "/v1/signup/**", "/v1/password-reset/**")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        // No cookies are read on /v1, so there is no ambient authority for CSRF to abuse.
        .csrf(csrf -> csrf.disable())
        .oauth2ResourceServer(
            rs ->
                rs.jwt(jwt -> {}).authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    return http.build();
  }
}
