package io.themisdb.billing.plan;

import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan catalogue. {@link #standard()} is the catalogue the product sells; the control plane's
 * seed ({@code io/themisdb/billing/plans.sql}, copied into platform-api's Flyway migration) holds
 * the same rows, and {@code PlansSeedTest} fails when the two drift apart.
 */
public final class Plans {

  /** Every standard amount is in euro cents. */
  public static final Currency EUR = Currency.getInstance("EUR");

  private static final long MIB = 1024L * 1024;
  private static final long GIB = 1024L * MIB;

  private final Map<String, Plan> byCode;

  private Plans(List<Plan> plans) {
    Map<String, Plan> map = new LinkedHashMap<>();
    for (Plan plan : plans) {
      if (map.putIfAbsent(plan.code(), plan) != null) {
        throw new IllegalArgumentException("Duplicate plan code " + plan.code());
      }
    }
    if (map.isEmpty()) {
      throw new IllegalArgumentException("A catalogue needs at least one plan");
    }
    this.byCode = map;
  }

  /** A catalogue of these plans, in this order; codes must be unique. */
  public static Plans of(List<Plan> plans) {
    return new Plans(List.copyOf(plans));
  }

  /** free, developer, pro, enterprise. */
  public static Plans standard() {
    return of(
        List.of(
            new Plan(
                "free",
                "Free",
                new PlanLimits(
                    new RequestLimit("burst", 10, 1),
                    new RequestLimit("sustained", 1_000, 3_600),
                    512 * MIB,
                    10,
                    0),
                new PlanPrices(EUR, 0, 0, 0, 0, 0)),
            new Plan(
                "developer",
                "Developer",
                new PlanLimits(
                    new RequestLimit("burst", 50, 1),
                    new RequestLimit("sustained", 20_000, 3_600),
                    10 * GIB,
                    100,
                    10),
                new PlanPrices(EUR, 1_900, 25, 125, 25, 2)),
            new Plan(
                "pro",
                "Pro",
                new PlanLimits(
                    new RequestLimit("burst", 200, 1),
                    new RequestLimit("sustained", 200_000, 3_600),
                    100 * GIB,
                    1_000,
                    60),
                new PlanPrices(EUR, 9_900, 20, 100, 20, 1)),
            new Plan(
                "enterprise",
                "Enterprise",
                new PlanLimits(
                    new RequestLimit("burst", 1_000, 1),
                    new RequestLimit("sustained", 2_000_000, 3_600),
                    2_048 * GIB,
                    10_000,
                    600),
                new PlanPrices(EUR, 49_900, 15, 75, 15, 1))));
  }

  /** Every plan, in catalogue order. */
  public List<Plan> all() {
    return List.copyOf(byCode.values());
  }

  public Optional<Plan> find(String code) {
    return Optional.ofNullable(byCode.get(code));
  }

  /**
   * The plan with this code.
   *
   * @throws UnknownPlanException naming the known codes
   */
  public Plan byCode(String code) {
    Plan plan = byCode.get(code);
    if (plan == null) {
      throw new UnknownPlanException(code, byCode.keySet());
    }
    return plan;
  }
}
