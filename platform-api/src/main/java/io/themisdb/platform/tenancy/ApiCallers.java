package io.themisdb.platform.tenancy;

import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import java.util.UUID;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Resolves {@link ApiCaller} from the bearer token and enforces the tenant's state on every /v1
 * request: a suspended tenant may read but not write (operations marked {@link ChecksSuspension}
 * decide that themselves); a deleted tenant's tokens never get here (the token validator refuses
 * them).
 */
@Component
class ApiCallers implements HandlerMethodArgumentResolver, HandlerInterceptor {

  static final String ATTRIBUTE = ApiCaller.class.getName();
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final Tenants tenants;

  ApiCallers(Tenants tenants) {
    this.tenants = tenants;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (!(auth instanceof JwtAuthenticationToken jwt)) {
      return true; // anonymous /v1 operations (signup) have no tenant
    }
    UUID tenantId = UUID.fromString(jwt.getToken().getClaimAsString("tenant"));
    Tenant tenant =
        tenants
            .find(tenantId)
            .filter(t -> t.status() != TenantStatus.DELETED)
            .orElseThrow(
                () -> new ProblemException(ProblemType.UNAUTHENTICATED, "The tenant is gone."));
    boolean checksItself =
        handler instanceof HandlerMethod method
            && method.hasMethodAnnotation(ChecksSuspension.class);
    if (tenant.status() == TenantStatus.SUSPENDED
        && !SAFE_METHODS.contains(request.getMethod())
        && !checksItself) {
      throw new ProblemException(
          ProblemType.TENANT_SUSPENDED,
          "The tenant is suspended: reads work, writes are refused until it is resumed.");
    }
    request.setAttribute(
        ATTRIBUTE, new ApiCaller(tenant, jwt.getToken().getClaimAsString("client_id")));
    return true;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == ApiCaller.class;
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mav,
      NativeWebRequest request,
      WebDataBinderFactory binders) {
    Object caller = request.getAttribute(ATTRIBUTE, NativeWebRequest.SCOPE_REQUEST);
    if (caller == null) {
      throw new ProblemException(ProblemType.UNAUTHENTICATED, "A valid bearer token is required.");
    }
    return caller;
  }
}
