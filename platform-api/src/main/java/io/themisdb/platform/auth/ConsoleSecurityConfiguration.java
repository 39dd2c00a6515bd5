package io.themisdb.platform.auth;

import io.themisdb.platform.problem.ProblemSecurityHandlers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;

/**
 * The console's JSON API: session cookie (HttpOnly, SameSite=Strict, Secure unless configured off
 * for plain-HTTP development) and CSRF protection in the single-page-app shape: the token comes in
 * the XSRF-TOKEN cookie and goes back in the X-XSRF-TOKEN header, sign-in included.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

  @Bean
  @Order(3)
  SecurityFilterChain console(HttpSecurity http) throws Exception {
    ProblemSecurityHandlers problems = ProblemSecurityHandlers.session();
    http.securityMatcher("/console/api/**")
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(HttpMethod.POST, "/console/api/session")
                    .permitAll()
                    .requestMatchers("/console/api/operator/**")
                    .hasAuthority(ConsoleUser.OPERATOR)
                    .anyRequest()
                    .authenticated())
        .csrf(csrf -> csrf.spa())
        .logout(
            l ->
                l.logoutUrl("/console/api/session/logout")
                    .logoutSuccessHandler(
                        new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    return http.build();
  }

  /** Everything else: static console files, health and metrics, the error page. */
  @Bean
  @Order(4)
  SecurityFilterChain rest(HttpSecurity http) throws Exception {
    ProblemSecurityHandlers problems = ProblemSecurityHandlers.session();
    http.authorizeHttpRequests(
            a ->
                a.requestMatchers(
                        "/actuator/health/**",
                        "/actuator/health",
                        "/actuator/prometheus",
                        "/actuator/info")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/**")
                    .permitAll()
                    .requestMatchers("/error")
                    .permitAll()
                    .anyRequest()
                    .denyAll())
        .csrf(csrf -> csrf.spa())
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    return http.build();
  }
}
