package io.themisdb.platform.billing;

import io.themisdb.billing.Billing;
import io.themisdb.billing.metering.RequestUsage;
import io.themisdb.billing.metering.UnitRules;
import io.themisdb.platform.tenancy.ApiCaller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Meters every authenticated /v1 request into the usage meter (memory only; the meter flushes to
 * {@code usage_hourly}) and tells the client its cost in {@code Themis-Usage}. A read costs read
 * units by the bytes it answers, a write costs write units by the bytes it sends; a request that
 * failed (4xx, 5xx, including 429) costs nothing. The response is buffered so that the header can
 * precede the body.
 */
@Component
class UsageMetering extends OncePerRequestFilter {

  private static final Set<String> READS = Set.of("GET", "HEAD");

  private final Billing billing;

  UsageMetering(Billing billing) {
    this.billing = billing;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/v1/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
    try {
      chain.doFilter(request, buffered);
      if (request.getAttribute(ApiCaller.class.getName()) instanceof ApiCaller caller) {
        RequestUsage used = cost(request, buffered);
        buffered.setHeader(RequestUsage.HEADER, used.headerValue());
        billing.meter().record(caller.tenant().id().toString(), used);
      }
    } finally {
      buffered.copyBodyToResponse();
    }
  }

  private static RequestUsage cost(HttpServletRequest request, ContentCachingResponseWrapper r) {
    if (r.getStatus() >= 400) {
      return new RequestUsage(0, 0, 0);
    }
    if (READS.contains(request.getMethod())) {
      return RequestUsage.read(UnitRules.STANDARD, r.getContentSize());
    }
    return RequestUsage.write(UnitRules.STANDARD, Math.max(0, request.getContentLengthLong()));
  }
}
