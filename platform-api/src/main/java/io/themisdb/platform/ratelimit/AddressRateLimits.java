package io.themisdb.platform.ratelimit;

import io.themisdb.billing.Billing;
import io.themisdb.billing.quota.RateLimitBackendException;
import io.themisdb.billing.quota.RateLimitDecision;
import io.themisdb.billing.quota.RateLimitKey;
import io.themisdb.platform.billing.BillingSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signup, console login and password reset are limited per client address: no tenant is known yet,
 * and these are what credential stuffing and mail bombing aim at. Runs before the security filters
 * (order -110 &lt; -100) so refused attempts cost no password hashing. The address is the socket's
 * peer; behind a proxy, set {@code server.forward-headers-strategy} so it is the client's.
 */
@Component
@Order(-110)
class AddressRateLimits extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(AddressRateLimits.class);
  private static final List<String> PREFIXES =
      List.of("/v1/signup", "/v1/password-reset", "/console/api/session");

  private final Billing billing;
  private final BillingSettings settings;

  AddressRateLimits(Billing billing, BillingSettings settings) {
    this.billing = billing;
    this.settings = settings;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !"POST".equals(request.getMethod())
        || PREFIXES.stream().noneMatch(p -> path.equals(p) || path.startsWith(p + "/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    RateLimitDecision decision;
    try {
      decision =
          billing
              .rateLimiter()
              .tryAcquire(
                  RateLimitKey.address(request.getRemoteAddr()), List.of(settings.addressLimit()));
    } catch (RateLimitBackendException e) {
      log.warn("Address rate limit not checked, backend unreachable: {}", e.getMessage());
      chain.doFilter(request, response);
      return;
    }
    if (RateLimitResponses.answer(decision, "this client address", request, response)) {
      chain.doFilter(request, response);
    }
  }
}
