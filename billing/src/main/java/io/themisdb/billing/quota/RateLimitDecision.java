package io.themisdb.billing.quota;

import io.themisdb.billing.plan.RequestLimit;
import java.util.List;

/**
 * The outcome of one rate-limit check, carrying what the {@code RateLimit-Policy}, {@code
 * RateLimit} and {@code Retry-After} header fields and a {@code quota-exceeded} problem need.
 */
public sealed interface RateLimitDecision {

  /** One status per policy, in the order the policies were given. */
  List<PolicyStatus> statuses();

  /** The policies checked, in order. */
  default List<RequestLimit> policies() {
    return statuses().stream().map(PolicyStatus::policy).toList();
  }

  /** The request may proceed; its cost was taken from every policy. */
  record Allowed(List<PolicyStatus> statuses) implements RateLimitDecision {
    public Allowed {
      statuses = List.copyOf(statuses);
    }
  }

  /**
   * The request must be refused (429). Nothing was taken from any policy.
   *
   * @param retryAfterSeconds whole seconds until the request could succeed; at least 1
   * @param violatedPolicies names of the policies without enough quota, never empty
   */
  record Exhausted(
      List<PolicyStatus> statuses, long retryAfterSeconds, List<String> violatedPolicies)
      implements RateLimitDecision {
    public Exhausted {
      statuses = List.copyOf(statuses);
      violatedPolicies = List.copyOf(violatedPolicies);
      if (retryAfterSeconds < 1 || violatedPolicies.isEmpty()) {
        throw new IllegalArgumentException("An exhausted decision names a policy and a wait");
      }
    }
  }
}
