package io.themisdb.billing.metering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitRulesTest {

  private final UnitRules rules = UnitRules.STANDARD;

  @Test
  void everyStartedFourKibibytesReadCostsOneReadUnitAndAtLeastOne() {
    assertThat(rules.readUnits(0)).isEqualTo(1);
    assertThat(rules.readUnits(4096)).isEqualTo(1);
    assertThat(rules.readUnits(4097)).isEqualTo(2);
    assertThat(rules.readUnits(1_000_000)).isEqualTo(245);
  }

  @Test
  void everyStartedKibibyteWrittenCostsOneWriteUnitAndAtLeastOne() {
    assertThat(rules.writeUnits(0)).isEqualTo(1);
    assertThat(rules.writeUnits(1024)).isEqualTo(1);
    assertThat(rules.writeUnits(1025)).isEqualTo(2);
  }
}
