package io.themisdb.platform.billing;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The monthly run fires on its cron expression for the month before, and not when disabled. */
class ScheduledInvoiceRunTest {

  private static BillingSettings settings(boolean enabled, String cron) {
    return new BillingSettings(
        "memory",
        null,
        Duration.ofMinutes(1),
        Duration.ofMinutes(10),
        Duration.ofHours(1),
        Map.of(),
        30,
        Duration.ofMinutes(10),
        Duration.ofMinutes(5),
        new BillingSettings.InvoiceRunSchedule(enabled, cron),
        50);
  }

  @Test
  void firesForThePreviousMonth() {
    InvoiceRuns runs = mock(InvoiceRuns.class);
    when(runs.run(org.mockito.ArgumentMatchers.any())).thenReturn(List.of());
    // Every second, so that the test need not wait for the 1st of a month.
    ScheduledInvoiceRun scheduled = new ScheduledInvoiceRun(runs, settings(true, "* * * * * *"));
    try {
      YearMonth now = YearMonth.now(ZoneOffset.UTC);
      // Near midnight at a month's end the firing may fall in the next month.
      verify(runs, timeout(30_000).atLeastOnce())
          .run(
              org.mockito.ArgumentMatchers.argThat(
                  p -> p.equals(now.minusMonths(1)) || p.equals(now)));
    } finally {
      scheduled.stop();
    }
  }

  @Test
  void disabledNeverFires() throws InterruptedException {
    InvoiceRuns runs = mock(InvoiceRuns.class);
    ScheduledInvoiceRun scheduled = new ScheduledInvoiceRun(runs, settings(false, "* * * * * *"));
    Thread.sleep(1_500);
    scheduled.stop();
    verify(runs, never()).run(org.mockito.ArgumentMatchers.any());
  }
}
