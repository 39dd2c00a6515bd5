package io.themisdb.gpu.app;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a {@code /v1} request through only with {@code Authorization: Bearer <secret>}, the secret
 * shared with platform-api ({@code themis.gpu-service.bearer-secret}). Compared in constant time;
 * neither the expected nor the presented value is ever logged. Health and metrics under {@code
 * /actuator} stay open for probes and scrapers.
 */
@Component
class BearerSecretFilter extends OncePerRequestFilter {

  private static final String PREFIX = "Bearer ";
  private static final String PROBLEM =
      "{\"type\":\"https://themisdb.io/problems/unauthenticated\",\"title\":\"Unauthenticated\","
          + "\"status\":401,\"detail\":\"A bearer secret shared with platform-api is required.\"}";

  private final byte[] secret;

  BearerSecretFilter(GpuServiceSettings settings) {
    this.secret = settings.bearerSecret().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.equals("/v1") || path.startsWith("/v1/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null
        && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        && MessageDigest.isEqual(
            secret, header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8))) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    response.setContentType("application/problem+json");
    response.getOutputStream().write(PROBLEM.getBytes(StandardCharsets.UTF_8));
  }
}
