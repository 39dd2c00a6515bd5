package io.themisdb.billing.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlansTest {

  private final Plans plans = Plans.standard();

  @Test
  void standardCatalogueSellsFourPlansFromFreeToEnterprise() {
    assertThat(plans.all())
        .extracting(Plan::code)
        .containsExactly("free", "developer", "pro", "enterprise");
  }

  @Test
  void higherPlansNeverAllowLessOrChargeMoreBaseFeeThanCheaperOnes() {
    List<Plan> all = plans.all();
    for (int i = 1; i < all.size(); i++) {
      PlanLimits lower = all.get(i - 1).limits();
      PlanLimits higher = all.get(i).limits();
      assertThat(higher.burst().quota()).isGreaterThan(lower.burst().quota());
      assertThat(higher.sustained().quota()).isGreaterThan(lower.sustained().quota());
      assertThat(higher.storageBytes()).isGreaterThan(lower.storageBytes());
      assertThat(all.get(i).prices().monthlyBaseFee())
          .isGreaterThan(all.get(i - 1).prices().monthlyBaseFee());
    }
  }

  @Test
  void unknownPlanCodeFailsNamingTheKnownOnes() {
    assertThatThrownBy(() -> plans.byCode("gold"))
        .isInstanceOf(UnknownPlanException.class)
        .hasMessageContaining("gold")
        .hasMessageContaining("enterprise");
  }

  @Test
  void duplicatePlanCodesAreRejected() {
    Plan free = plans.byCode("free");
    assertThatThrownBy(() -> Plans.of(List.of(free, free)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("free");
  }

  @Test
  void policyNamesMustBeHeaderTokens() {
    assertThatThrownBy(() -> new RequestLimit("Per Hour", 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RequestLimit("hourly", 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    // Found by BillingBenchmark: Bucket4j rejects a refill above 1 token per nanosecond.
    assertThatThrownBy(() -> new RequestLimit("burst", 2_000_000_000L, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10^9");
  }

  @Test
  void requestLimitsListBurstBeforeSustained() {
    PlanLimits limits = plans.byCode("pro").limits();
    assertThat(limits.requestLimits()).containsExactly(limits.burst(), limits.sustained());
  }
}
