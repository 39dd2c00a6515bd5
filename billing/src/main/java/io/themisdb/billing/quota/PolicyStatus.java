package io.themisdb.billing.quota;

import io.themisdb.billing.plan.RequestLimit;

/**
 * The state of one policy after a check: what the {@code RateLimit} header field reports.
 *
 * @param policy the policy (name, quota q, window w)
 * @param remaining requests left in the policy now (r), never negative
 * @param resetSeconds seconds until more quota becomes available (t); 0 when the policy is full
 */
public record PolicyStatus(RequestLimit policy, long remaining, long resetSeconds) {

  public PolicyStatus {
    if (remaining < 0 || resetSeconds < 0) {
      throw new IllegalArgumentException("Remaining and reset must not be negative");
    }
  }
}
