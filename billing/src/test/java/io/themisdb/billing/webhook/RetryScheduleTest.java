package io.themisdb.billing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  private final RetrySchedule schedule = RetrySchedule.standard();

  private Duration delay(int failures, double random) {
    return ((RetrySchedule.RetryAfter) schedule.after(failures, random)).delay();
  }

  @Test
  void nominalDelaysGrowByTheMultiplierUpToTheCap() {
    assertThat(schedule.nominalMillis(1)).isEqualTo(5_000);
    assertThat(schedule.nominalMillis(2)).isEqualTo(20_000);
    assertThat(schedule.nominalMillis(3)).isEqualTo(80_000);
    assertThat(schedule.nominalMillis(8)).isEqualTo(Duration.ofHours(10).toMillis());
    assertThat(schedule.nominalMillis(9)).isEqualTo(Duration.ofHours(10).toMillis());
  }

  @Test
  void jitterStaysWithinTheUpperHalfOfTheNominalDelay() {
    assertThat(delay(2, 0.0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(delay(2, 0.5)).isEqualTo(Duration.ofSeconds(15));
    assertThat(delay(2, 0.999999)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void everyUncappedRetryWaitsLongerThanAnyEarlierOne() {
    for (int n = 1; n < 7; n++) {
      assertThat(delay(n + 1, 0.0)).isGreaterThan(delay(n, 0.999999));
    }
  }

  @Test
  void sameInputsGiveTheSameDecision() {
    assertThat(schedule.after(4, 0.3)).isEqualTo(schedule.after(4, 0.3));
  }

  @Test
  void endpointIsDisabledAfterTheLastAllowedFailure() {
    assertThat(schedule.after(9, 0.1)).isInstanceOf(RetrySchedule.RetryAfter.class);
    assertThat(schedule.after(10, 0.1)).isEqualTo(new RetrySchedule.Disable(10));
  }

  @Test
  void randomOutsideTheUnitIntervalIsRefused() {
    assertThatThrownBy(() -> schedule.after(1, 1.0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> schedule.after(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
