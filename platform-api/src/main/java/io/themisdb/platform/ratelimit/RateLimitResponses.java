package io.themisdb.platform.ratelimit;

import io.themisdb.billing.plan.RequestLimit;
import io.themisdb.billing.quota.RateLimitDecision;
import io.themisdb.billing.quota.RateLimitHeaders;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.ProblemDetail;

/** The rate-limit header fields and the 429 problem, shared by the tenant and address limits. */
final class RateLimitResponses {

  private RateLimitResponses() {}

  /** Sets the header fields; for a refused decision also writes the 429; true when allowed. */
  static boolean answer(
      RateLimitDecision decision,
      String who,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    return answer(decision.policies(), decision, who, request, response);
  }

  /**
   * {@link #answer(RateLimitDecision, String, HttpServletRequest, HttpServletResponse)} where
   * {@code RateLimit-Policy} lists {@code policies}, more than the decision checked.
   */
  static boolean answer(
      List<RequestLimit> policies,
      RateLimitDecision decision,
      String who,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    response.setHeader(RateLimitHeaders.POLICY, RateLimitHeaders.policy(policies));
    response.setHeader(RateLimitHeaders.RATE_LIMIT, RateLimitHeaders.rateLimit(decision));
    if (!(decision instanceof RateLimitDecision.Exhausted exhausted)) {
      return true;
    }
    response.setHeader(RateLimitHeaders.RETRY_AFTER, Long.toString(exhausted.retryAfterSeconds()));
    ProblemDetail problem =
        Problems.of(
            ProblemType.QUOTA_EXCEEDED,
            "The request limit of "
                + who
                + " is used up ("
                + String.join(", ", exhausted.violatedPolicies())
                + "); retry after "
                + exhausted.retryAfterSeconds()
                + " s.",
            request.getRequestURI());
    problem.setProperty("violated-policies", exhausted.violatedPolicies());
    problem.setProperty("retry-after", exhausted.retryAfterSeconds());
    Problems.write(response, problem);
    return false;
  }
}
