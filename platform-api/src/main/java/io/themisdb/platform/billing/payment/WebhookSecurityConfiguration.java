package io.themisdb.platform.billing.payment;

import io.themisdb.platform.problem.ProblemSecurityHandlers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Payment provider webhooks: anonymous and stateless, authenticated by the provider's signature
 * over the body, which the controller checks. No cookies are read, so CSRF does not apply.
 */
@Configuration(proxyBeanMethods = false)
class WebhookSecurityConfiguration {

  @Bean
  @Order(0)
  SecurityFilterChain paymentWebhooks(HttpSecurity http) throws Exception {
    ProblemSecurityHandlers problems = ProblemSecurityHandlers.bearer();
    http.securityMatcher("/webhooks/**")
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    return http.build();
  }
}
