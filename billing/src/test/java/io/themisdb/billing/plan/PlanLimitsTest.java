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
