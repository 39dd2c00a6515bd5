package io.themisdb.billing.plan;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A plan a tenant subscribes to.
 *
 * @param code stable identifier stored in subscriptions and the control plane ({@code free}, {@code
 *     pro}, ...); never renamed once used
 * @param displayName name shown to people
 * @param limits what the plan allows
 * @param prices what the plan costs
 */
public record Plan(String code, String displayName, PlanLimits limits, PlanPrices prices) {

  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  public Plan {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(prices, "prices");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("Plan code must match " + CODE + ": " + code);
    }
  }
}
