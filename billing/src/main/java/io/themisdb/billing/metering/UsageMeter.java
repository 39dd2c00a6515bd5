package io.themisdb.billing.metering;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates usage per tenant and clock hour in memory and flushes it to a {@link UsageSink} as
 * hourly rows, on a schedule and on {@link #close()}: never a write per request.
 *
 * <p>Recording is lock-free (a {@link LongAdder} per tenant-hour counter) and safe from any thread.
 * A flush drains each counter with {@code sumThenReset}, which resets cell by cell atomically, so
 * an increment racing a flush lands in this flush or the next, never in neither. A failed write
 * puts the drained amounts back and is retried at the next flush.
 *
 * <p>Loss: an orderly {@link #close()} flushes everything. A crash (kill -9, power loss) loses what
 * was recorded since the last successful flush: at most one flush interval of usage.
 */
public final class UsageMeter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UsageMeter.class);

  private final UsageSink sink;
  private final Clock clock;
  private final ConcurrentHashMap<HourKey, Counters> counters = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  // Calls of record/sampleStoredBytes under way, so close() can wait for them before its final
  // flush: a call that saw the meter open is never lost (see close()).
  private final LongAdder inFlight = new LongAdder();
  private volatile boolean closed;

  private UsageMeter(UsageSink sink, Clock clock, Duration flushInterval, boolean scheduled) {
    this.sink = sink;
    this.clock = clock;
    if (scheduled) {
      if (flushInterval.isNegative() || flushInterval.isZero()) {
        throw new IllegalArgumentException("Flush interval must be positive: " + flushInterval);
      }
      this.scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().daemon().name("usage-flush").unstarted(r));
      long millis = flushInterval.toMillis();
      scheduler.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    } else {
      this.scheduler = null;
    }
  }

  /** A meter that flushes every {@code flushInterval} on its own daemon thread, and on close. */
  public static UsageMeter start(UsageSink sink, Clock clock, Duration flushInterval) {
    return new UsageMeter(sink, clock, flushInterval, true);
  }

  /** A meter that flushes only when {@link #flush()} or {@link #close()} is called. */
  public static UsageMeter manual(UsageSink sink, Clock clock) {
    return new UsageMeter(sink, clock, Duration.ZERO, false);
  }

  /**
   * Counts a request's usage in the current hour.
   *
   * @throws IllegalStateException after {@link #close()}, since the usage could not be flushed
   */
  public void record(String tenantId, long readUnits, long writeUnits, long gpuMillis) {
    if (readUnits < 0 || writeUnits < 0 || gpuMillis < 0) {
      throw new IllegalArgumentException("Usage must not be negative");
    }
    inFlight.increment();
    try {
      Counters c = counters(tenantId);
      if (readUnits > 0) {
        c.readUnits.add(readUnits);
      }
      if (writeUnits > 0) {
        c.writeUnits.add(writeUnits);
      }
      if (gpuMillis > 0) {
        c.gpuMillis.add(gpuMillis);
      }
    } finally {
      inFlight.decrement();
    }
  }

  /**
   * Counts one request's usage in the current hour; see {@link #record(String, long, long, long)}.
   */
  public void record(String tenantId, RequestUsage usage) {
    record(tenantId, usage.readUnits(), usage.writeUnits(), usage.gpuMillis());
  }

  /** Records a sample of the tenant's stored bytes; the hour keeps its largest sample. */
  public void sampleStoredBytes(String tenantId, long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("Stored bytes must not be negative: " + bytes);
    }
    inFlight.increment();
    try {
      counters(tenantId).storedBytes.accumulateAndGet(bytes, Math::max);
    } finally {
      inFlight.decrement();
    }
  }

  private Counters counters(String tenantId) {
    if (closed) {
      throw new IllegalStateException("Usage meter is closed");
    }
    long hour = clock.instant().getEpochSecond() / 3600;
    return counters.computeIfAbsent(new HourKey(tenantId, hour), k -> new Counters());
  }

  /**
   * Writes everything recorded so far as one batch of hourly rows.
   *
   * @return rows written (0 when there was nothing)
   * @throws UsageStoreException when the sink fails; the usage is kept for the next flush
   */
  public synchronized int flush() {
    long currentHour = clock.instant().getEpochSecond() / 3600;
    List<HourlyUsage> rows = new ArrayList<>();
    for (Map.Entry<HourKey, Counters> e : counters.entrySet()) {
      HourKey key = e.getKey();
      Counters c = e.getValue();
      long ru = c.readUnits.sumThenReset();
      long wu = c.writeUnits.sumThenReset();
      long gpu = c.gpuMillis.sumThenReset();
      long stored = c.storedBytes.getAndSet(HourlyUsage.NO_SAMPLE);
      if (ru == 0 && wu == 0 && gpu == 0 && stored == HourlyUsage.NO_SAMPLE) {
        // Drained empty by the previous flush and still empty: a past hour gets no more usage.
        if (key.hour < currentHour) {
          counters.remove(key, c);
        }
        continue;
      }
      rows.add(
          new HourlyUsage(
              key.tenantId, Instant.ofEpochSecond(key.hour * 3600), ru, wu, gpu, stored));
    }
    if (rows.isEmpty()) {
      return 0;
    }
    try {
      sink.write(List.copyOf(rows));
    } catch (RuntimeException e) {
      restore(rows);
      throw e instanceof UsageStoreException u
          ? u
          : new UsageStoreException("Usage sink failed; " + rows.size() + " rows kept", e);
    }
    return rows.size();
  }

  private void restore(List<HourlyUsage> rows) {
    for (HourlyUsage row : rows) {
      long hour = row.hour().getEpochSecond() / 3600;
      Counters c = counters.computeIfAbsent(new HourKey(row.tenantId(), hour), k -> new Counters());
      c.readUnits.add(row.readUnits());
      c.writeUnits.add(row.writeUnits());
      c.gpuMillis.add(row.gpuMillis());
      c.storedBytes.accumulateAndGet(row.storedBytes(), Math::max);
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("Usage flush failed; usage is kept and retried at the next flush", e);
    }
  }

  /**
   * Stops the schedule and flushes what is left. Idempotent. Calls that saw the meter open are
   * waited for (they increment {@code inFlight} before reading {@code closed}, and close writes
   * {@code closed} before reading {@code inFlight}, so one of the two always sees the other); later
   * calls fail with {@link IllegalStateException}.
   *
   * @throws UsageStoreException when the final flush fails: that usage is lost, and said so
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (scheduler != null) {
      scheduler.shutdown();
      try {
        scheduler.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    while (inFlight.sum() != 0) {
      Thread.onSpinWait();
    }
    flush();
  }

  private record HourKey(String tenantId, long hour) {}

  private static final class Counters {
    final LongAdder readUnits = new LongAdder();
    final LongAdder writeUnits = new LongAdder();
    final LongAdder gpuMillis = new LongAdder();
    final AtomicLong storedBytes = new AtomicLong(HourlyUsage.NO_SAMPLE);
  }
}
