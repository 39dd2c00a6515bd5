package io.themisdb.billing.quota;

import io.themisdb.billing.plan.RequestLimit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking one API request against its tenant's and its client's buckets.
 *
 * @param policies every policy the request is subject to, tenant's first: what {@code
 *     RateLimit-Policy} lists
 * @param decision the statuses of the policies checked; when the client's bucket refused, the
 *     tenant's was not checked and only the client's policies have a status
 * @param refusedBy whose bucket refused the request; empty when it is allowed
 */
public record RequestCheck(
    List<RequestLimit> policies,
    RateLimitDecision decision,
    Optional<RateLimitKey.Scope> refusedBy) {

  public RequestCheck {
    policies = List.copyOf(policies);
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(refusedBy, "refusedBy");
    if (refusedBy.isPresent() != decision instanceof RateLimitDecision.Exhausted) {
      throw new IllegalArgumentException("A refused check names who refused it, only then");
    }
  }

  public boolean allowed() {
    return refusedBy.isEmpty();
  }
}
