package io.themisdb.platform.ratelimit;

import io.themisdb.billing.Billing;
import io.themisdb.billing.quota.RateLimitBackendException;
import io.themisdb.billing.quota.RateLimitKey;
import io.themisdb.billing.quota.RequestCheck;
import io.themisdb.platform.tenancy.ApiCaller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every authenticated /v1 request takes one request from its API client's buckets ({@code
 * client-burst}, {@code client-sustained}: a share of the plan's) and then from its tenant's (the
 * plan's burst and sustained limits), and answers with the {@code RateLimit-Policy} and {@code
 * RateLimit} fields; an empty bucket answers 429 {@code quota-exceeded} before the handler runs.
 * Runs after the tenant is resolved ({@code ApiCallers}, order 0), so its plan is the one in force
 * now.
 */
@Component
class TenantRateLimits implements HandlerInterceptor, WebMvcConfigurer {

  private static final Logger log = LoggerFactory.getLogger(TenantRateLimits.class);

  private final Billing billing;

  TenantRateLimits(Billing billing) {
    this.billing = billing;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/v1/**").order(10);
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object h)
      throws IOException {
    if (!(request.getAttribute(ApiCaller.class.getName()) instanceof ApiCaller caller)) {
      return true; // anonymous /v1 operations (signup) are limited per address instead
    }
    RequestCheck check;
    try {
      check =
          billing.checkRequest(
              caller.tenant().id().toString(), caller.clientId(), caller.tenant().planId());
    } catch (RateLimitBackendException e) {
      // Fail open: an unreachable Redis must not take the data API down with it.
      log.warn("Rate limit not checked, backend unreachable: {}", e.getMessage());
      return true;
    }
    String who =
        check.refusedBy().orElse(RateLimitKey.Scope.TENANT) == RateLimitKey.Scope.CLIENT
            ? "this API client"
            : "the tenant";
    return RateLimitResponses.answer(check.policies(), check.decision(), who, request, response);
  }
}
