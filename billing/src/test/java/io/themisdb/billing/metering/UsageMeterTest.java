package io.themisdb.billing.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class UsageMeterTest {

  private static final Instant T0 = Instant.parse("2026-03-10T14:05:00Z");
  private static final Instant HOUR = Instant.parse("2026-03-10T14:00:00Z");

  private final RecordingSink sink = new RecordingSink();
  private final MutableClock clock = new MutableClock(T0);

  @Test
  void manyRequestsBecomeOneRowPerTenantHourInOneWrite() {
    UsageMeter meter = UsageMeter.manual(sink, clock);
    for (int i = 0; i < 10_000; i++) {
      meter.record(i % 2 == 0 ? "acme" : "globex", 2, 1, 0);
    }
    meter.record("acme", 0, 0, 1500);

    assertThat(meter.flush()).isEqualTo(2);

    assertThat(sink.batches).hasSize(1);
    assertThat(sink.rows())
        .containsExactlyInAnyOrder(
            new HourlyUsage("acme", HOUR, 10_000, 5_000, 1500, HourlyUsage.NO_SAMPLE),
            new HourlyUsage("globex", HOUR, 10_000, 5_000, 0, HourlyUsage.NO_SAMPLE));
  }

  @Test
  void usageIsSplitByClockHour() {
    UsageMeter meter = UsageMeter.manual(sink, clock);
    meter.record("acme", 1, 0, 0);
    clock.advance(Duration.ofMinutes(60));
    meter.record("acme", 5, 0, 0);

    meter.flush();

    assertThat(sink.rows())
        .extracting(HourlyUsage::hour, HourlyUsage::readUnits)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(HOUR, 1L),
            org.assertj.core.groups.Tuple.tuple(HOUR.plus(Duration.ofHours(1)), 5L));
  }

  @Test
  void storedBytesKeepTheLargestSampleOfTheHour() {
    UsageMeter meter = UsageMeter.manual(sink, clock);
    meter.sampleStoredBytes("acme", 700);
    meter.sampleStoredBytes("acme", 900);
    meter.sampleStoredBytes("acme", 800);

    meter.flush();

    assertThat(sink.rows()).singleElement().extracting(HourlyUsage::storedBytes).isEqualTo(900L);
  }

  @Test
  void secondFlushWritesOnlyWhatCameAfterTheFirst() {
    UsageMeter meter = UsageMeter.manual(sink, clock);
    meter.record("acme", 3, 0, 0);
    meter.flush();
    meter.record("acme", 4, 0, 0);

    meter.flush();
    meter.flush();

    assertThat(sink.batches).hasSize(2);
    assertThat(sink.batches.get(1))
        .singleElement()
        .extracting(HourlyUsage::readUnits)
        .isEqualTo(4L);
  }

  @Test
  void failedWriteKeepsTheUsageForTheNextFlush() {
    UsageMeter meter = UsageMeter.manual(sink, clock);
    meter.record("acme", 3, 2, 1);
    meter.sampleStoredBytes("acme", 42);
    sink.failing = true;

    assertThatThrownBy(meter::flush).isInstanceOf(UsageStoreException.class);
    meter.record("acme", 1, 0, 0);
    sink.failing = false;
    meter.flush();

    assertThat(sink.rows()).containsExactly(new HourlyUsage("acme", HOUR, 4, 2, 1, 42));
  }

  @Test
  void concurrentRecordingLosesNothingWhileFlushesRun() throws Exception {
    UsageMeter meter = UsageMeter.manual(sink, clock);
    int threads = 8;
    int perThread = 20_000;
    AtomicBoolean recording = new AtomicBoolean(true);
    Thread flusher =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (recording.get()) {
                    meter.flush();
                  }
                });
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String tenant = "tenant-" + (t % 3);
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < perThread; i++) {
                      meter.record(tenant, 1, 2, 3);
                    }
                  }));
    }
    for (Thread w : workers) {
      w.join();
    }
    recording.set(false);
    flusher.join();

    meter.close();

    long n = (long) threads * perThread;
    assertThat(sink.total(HourlyUsage::readUnits)).isEqualTo(n);
    assertThat(sink.total(HourlyUsage::writeUnits)).isEqualTo(2 * n);
    assertThat(sink.total(HourlyUsage::gpuMillis)).isEqualTo(3 * n);
  }

  @Test
  void everyRecordThatReturnedNormallyIsFlushedWhenCloseRacesIt() throws Exception {
    UsageMeter meter = UsageMeter.manual(sink, clock);
    java.util.concurrent.atomic.LongAdder accepted = new java.util.concurrent.atomic.LongAdder();
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(4);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    started.countDown();
                    while (true) {
                      try {
                        meter.record("acme", 1, 0, 0);
                        accepted.increment();
                      } catch (IllegalStateException closed) {
                        return;
                      }
                    }
                  }));
    }
    started.await();

    meter.close();
    for (Thread w : workers) {
      w.join();
    }

    assertThat(sink.total(HourlyUsage::readUnits)).isEqualTo(accepted.sum()).isPositive();
  }

  @Test
  void closeFlushesWhatIsLeftAndRefusesLaterUsage() {
    UsageMeter meter = UsageMeter.start(sink, clock, Duration.ofHours(1));
    meter.record("acme", 7, 0, 0);

    meter.close();
    meter.close();

    assertThat(sink.rows()).singleElement().extracting(HourlyUsage::readUnits).isEqualTo(7L);
    assertThatThrownBy(() -> meter.record("acme", 1, 0, 0))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void scheduledMeterFlushesWithoutBeingAsked() throws Exception {
    try (UsageMeter meter = UsageMeter.start(sink, Clock.systemUTC(), Duration.ofMillis(20))) {
      meter.record("acme", 1, 0, 0);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (sink.batches.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(sink.batches).isNotEmpty();
    }
  }
}
