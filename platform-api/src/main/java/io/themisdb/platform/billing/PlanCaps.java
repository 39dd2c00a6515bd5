package io.themisdb.platform.billing;

import io.themisdb.billing.plan.CapExceededException;
import io.themisdb.billing.plan.PlanLimits;
import io.themisdb.billing.plan.Plans;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.platform.databases.TenantDatabases;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.problem.Problems;
import io.themisdb.platform.tenancy.ApiCaller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The plan's caps, checked before a /v1 write runs: creating a collection past the collection cap,
 * or sending document bytes that would take stored bytes (the engine's estimate) past the storage
 * cap, answers 403 {@code plan-cap-exceeded}. Deletes are never checked, so a tenant over its cap
 * after a downgrade can make room. The storage check counts the request body as added bytes: an
 * overestimate for replacements of existing documents.
 */
@Component
class PlanCaps implements HandlerInterceptor, WebMvcConfigurer {

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH");
  private static final Pattern DOCUMENT_WRITE =
      Pattern.compile("/v1/collections/[^/]+/(documents(/.*)?|import)");

  private final Plans plans;
  private final TenantDatabases databases;

  PlanCaps(Plans plans, TenantDatabases databases) {
    this.plans = plans;
    this.databases = databases;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry
        .addInterceptor(this)
        .addPathPatterns("/v1/collections", "/v1/collections/**")
        .order(20);
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object h)
      throws IOException {
    if (!WRITES.contains(request.getMethod())
        || !(request.getAttribute(ApiCaller.class.getName()) instanceof ApiCaller caller)) {
      return true;
    }
    String path = request.getRequestURI();
    PlanLimits limits = plans.byCode(caller.tenant().planId()).limits();
    try {
      if (path.equals("/v1/collections") && request.getMethod().equals("POST")) {
        limits.checkNewCollection(databases.of(caller.tenant()).collections().size());
      } else if (DOCUMENT_WRITE.matcher(path).matches()) {
        TenantDatabase db = databases.of(caller.tenant());
        limits.checkStorage(
            StoredBytesSampler.storedBytes(db), Math.max(1, request.getContentLengthLong()));
      }
      return true;
    } catch (CapExceededException e) {
      Problems.write(response, problem(e, path));
      return false;
    }
  }

  private static ProblemDetail problem(CapExceededException e, String path) {
    String cap = e.cap().name().toLowerCase(Locale.ROOT).replace('_', '-');
    ProblemDetail problem =
        Problems.of(
            ProblemType.PLAN_CAP_EXCEEDED,
            switch (e.cap()) {
              case COLLECTIONS ->
                  "The plan allows " + e.limit() + " collections; drop one or change the plan.";
              case STORAGE_BYTES ->
                  "The plan allows "
                      + e.limit()
                      + " stored bytes and this write would take the tenant to about "
                      + e.requested()
                      + "; delete data or change the plan.";
            },
            path);
    problem.setProperty("cap", cap);
    problem.setProperty("limit", e.limit());
    problem.setProperty("requested", e.requested());
    return problem;
  }
}
