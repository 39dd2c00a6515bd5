package io.themisdb.platform.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 from the security filters as problems. Bearer-protected paths also get the {@code
 * WWW-Authenticate: Bearer} challenge RFC 6750 asks for.
 */
public final class ProblemSecurityHandlers
    implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final boolean bearer;

  private ProblemSecurityHandlers(boolean bearer) {
    this.bearer = bearer;
  }

  /** For the /v1 API, authenticated by bearer tokens. */
  public static ProblemSecurityHandlers bearer() {
    return new ProblemSecurityHandlers(true);
  }

  /** For the console, authenticated by a session. */
  public static ProblemSecurityHandlers session() {
    return new ProblemSecurityHandlers(false);
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    if (bearer) {
      boolean tokenGiven = request.getHeader("Authorization") != null;
      response.setHeader(
          "WWW-Authenticate",
          tokenGiven ? "Bearer error=\"invalid_token\"" : "Bearer realm=\"themisdb\"");
    }
    Problems.write(
        response,
        Problems.of(
            ProblemType.UNAUTHENTICATED,
            bearer ? "A valid bearer token is required." : "Sign in first.",
            request.getRequestURI()));
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    Problems.write(
        response,
        Problems.of(
            ProblemType.FORBIDDEN,
            "The credentials do not allow this operation.",
            request.getRequestURI()));
  }
}
