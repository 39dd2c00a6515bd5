package io.themisdb.platform.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import tools.jackson.databind.json.JsonMapper;

/** Builds problem bodies and writes them where Spring MVC is not involved (security filters). */
public final class Problems {

  // The mixin flattens custom properties into the top level, as RFC 9457 extension members.
  private static final JsonMapper JSON =
      JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();

  private Problems() {}

  public static ProblemDetail of(ProblemType type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
    problem.setType(type.uri());
    problem.setTitle(type.title());
    return problem;
  }

  public static ProblemDetail of(ProblemType type, String detail, String instance) {
    ProblemDetail problem = of(type, detail);
    if (instance != null) {
      problem.setInstance(URI.create(instance));
    }
    return problem;
  }

  /** Writes a problem straight to the servlet response, for filters and entry points. */
  public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    JSON.writeValue(response.getOutputStream(), problem);
  }
}
