package io.themisdb.platform.billing;

import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.ApiCaller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A tenant at its spend cap gets 403 {@code spend-cap-reached} on every /v1 operation except the
 * billing ones (usage, invoices, subscription, spend controls, webhooks) and its tenant record, so
 * it can still see why and raise the cap. Runs after the tenant is resolved and rate-limited.
 */
@Component
class SpendCapInterceptor implements HandlerInterceptor, WebMvcConfigurer {

  private final SpendWatch watch;

  SpendCapInterceptor(SpendWatch watch) {
    this.watch = watch;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry
        .addInterceptor(this)
        .addPathPatterns("/v1/**")
        .excludePathPatterns(
            "/v1/tenant",
            "/v1/usage",
            "/v1/invoices",
            "/v1/invoices/**",
            "/v1/subscription",
            "/v1/subscription/**",
            "/v1/spend-controls",
            "/v1/webhooks/**")
        .order(11);
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object h) {
    if (request.getAttribute(ApiCaller.class.getName()) instanceof ApiCaller caller
        && watch.atCap(caller.tenant().id())) {
      throw new ProblemException(
          ProblemType.SPEND_CAP_REACHED,
          "This month's spend reached the tenant's spend cap; raise it with PUT"
              + " /v1/spend-controls or wait for the next month.");
    }
    return true;
  }
}
