package io.themisdb.billing.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlanLimitsTest {

  private final PlanLimits free = Plans.standard().byCode("free").limits();
  private final PlanLimits pro = Plans.standard().byCode("pro").limits();

  @Test
  void writeUpToTheStorageCapPassesAndOneByteMoreFails() {
    long cap = free.storageBytes();
    free.checkStorage(cap - 10, 10);

    assertThatThrownBy(() -> free.checkStorage(cap - 10, 11))
        .isInstanceOfSatisfying(
            CapExceededException.class,
            e -> {
              assertThat(e.cap()).isEqualTo(CapExceededException.Cap.STORAGE_BYTES);
              assertThat(e.limit()).isEqualTo(cap);
              assertThat(e.requested()).isEqualTo(cap + 1);
            });
  }

  @Test
  void clientLimitsAreAShareOfTheTenantsOverTheSameWindows() {
    // free: burst 10/1 s, sustained 1000/3600 s
    assertThat(free.clientRequestLimits(50))
        .containsExactly(
            new RequestLimit("client-burst", 5, 1),
            new RequestLimit("client-sustained", 500, 3600));
    assertThat(free.clientRequestLimits(1).get(0).quota()).isEqualTo(1); // never zero
    assertThat(free.clientRequestLimits(100).get(1).quota()).isEqualTo(1000);
    PlanLimits huge =
        new PlanLimits(
            new RequestLimit("burst", 1_000_000_000L, 1),
            new RequestLimit("sustained", Long.MAX_VALUE / 2, 1L << 40),
            1,
            1,
            0);
    assertThat(huge.clientRequestLimits(99).get(1).quota())
        .isEqualTo(
            java.math.BigInteger.valueOf(Long.MAX_VALUE / 2)
                .multiply(java.math.BigInteger.valueOf(99))
                .divide(java.math.BigInteger.valueOf(100))
                .longValueExact());
    assertThatThrownBy(() -> free.clientRequestLimits(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> free.clientRequestLimits(101))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gpuWeightGrowsWithTheGpuJobRateAndIsAtLeastOne() {
    Plans plans = Plans.standard();
    assertThat(
            java.util.stream.Stream.of("free", "developer", "pro", "enterprise")
                .map(code -> plans.byCode(code).limits().gpuWeight()))
        .containsExactly(1, 2, 7, 61);
  }

  @Test
  void tenantOverItsCapMayStillDelete() {
    free.checkStorage(free.storageBytes() * 2, -1_000);
  }

  @Test
  void collectionCapCountsTheOneBeingCreated() {
    free.checkNewCollection(free.collections() - 1);

    assertThatThrownBy(() -> free.checkNewCollection(free.collections()))
        .isInstanceOfSatisfying(
            CapExceededException.class,
            e -> assertThat(e.cap()).isEqualTo(CapExceededException.Cap.COLLECTIONS));
  }

  @Test
  void gpuJobRateBecomesAPerMinutePolicyAndFreeHasNone() {
    assertThat(free.gpuJobLimit()).isEmpty();
    assertThat(pro.gpuJobLimit()).contains(new RequestLimit("gpu-jobs", 60, 60));
  }
}
