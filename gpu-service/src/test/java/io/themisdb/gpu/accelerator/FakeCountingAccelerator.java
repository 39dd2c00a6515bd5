package io.themisdb.gpu.accelerator;

import io.themisdb.gpu.job.Containment;
import io.themisdb.gpu.job.DistanceMatrix;
import io.themisdb.gpu.job.HaversineJob;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.job.Neighbours;
import io.themisdb.gpu.job.PointInPolygonJob;
import io.themisdb.gpu.job.RadiusMatches;
import io.themisdb.gpu.job.WithinRadiusJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake accelerator for scheduler tests: it computes nothing. Each kNN query's first component is
 * read as a job number; the fake counts how often each number ran and answers with that number as
 * the only neighbour id, so a test can see every job ran once and got its own answer, and records
 * the order in which job numbers ran. Calls can be slowed down, or held at a gate until the test
 * releases them, to keep the dispatcher busy while the test fills the queues.
 */
public final class FakeCountingAccelerator implements Accelerator {

  public final Map<Integer, AtomicInteger> executions = new ConcurrentHashMap<>();
  public final AtomicInteger knnCalls = new AtomicInteger();
  public final AtomicInteger geoCalls = new AtomicInteger();
  public final AtomicInteger closedSets = new AtomicInteger();
  public final List<Integer> order = Collections.synchronizedList(new ArrayList<>());
  public volatile Duration callDelay = Duration.ZERO;

  /** Released once per call as it enters, before the gate. */
  public final Semaphore entered = new Semaphore(0);

  private volatile CountDownLatch gate;

  /** From now on every call waits at the gate until {@link #release()}. */
  public void hold() {
    gate = new CountDownLatch(1);
  }

  /** Lets every held and later call through. */
  public void release() {
    CountDownLatch g = gate;
    gate = null;
    if (g != null) {
      g.countDown();
    }
  }

  /** Waits until a call has entered (it may then be held at the gate). */
  public void awaitCallEntered() throws InterruptedException {
    if (!entered.tryAcquire(30, TimeUnit.SECONDS)) {
      throw new AssertionError("no accelerator call entered within 30 s");
    }
  }

  @Override
  public String id() {
    return "fake";
  }

  @Override
  public ResidentVectors upload(VectorData data) {
    return new ResidentVectors() {
      private final AtomicInteger closes = new AtomicInteger();

      @Override
      public int dimension() {
        return data.dimension();
      }

      @Override
      public int size() {
        return data.size();
      }

      @Override
      public long id(int row) {
        return data.ids()[row];
      }

      @Override
      public long bytes() {
        return (long) data.vectors().length * Float.BYTES + data.size() * 8L;
      }

      @Override
      public void close() {
        if (closes.getAndIncrement() == 0) {
          closedSets.incrementAndGet();
        }
      }
    };
  }

  @Override
  public List<Neighbours> knn(ResidentVectors set, Metric metric, int k, float[] queries) {
    knnCalls.incrementAndGet();
    pause();
    int d = set.dimension();
    List<Neighbours> out = new ArrayList<>();
    for (int q = 0; q < queries.length / d; q++) {
      int job = (int) queries[q * d];
      order.add(job);
      executions.computeIfAbsent(job, j -> new AtomicInteger()).incrementAndGet();
      out.add(new Neighbours(new long[] {job}, new float[] {0}));
    }
    return out;
  }

  public int executionsOf(int job) {
    AtomicInteger count = executions.get(job);
    return count == null ? 0 : count.get();
  }

  @Override
  public DistanceMatrix haversine(HaversineJob job) {
    geoCalls.incrementAndGet();
    pause();
    return new DistanceMatrix(
        job.from().size(), job.to().size(), new double[job.from().size() * job.to().size()]);
  }

  @Override
  public RadiusMatches withinRadius(WithinRadiusJob job) {
    geoCalls.incrementAndGet();
    pause();
    return new RadiusMatches(new int[0]);
  }

  @Override
  public Containment pointInPolygon(PointInPolygonJob job) {
    geoCalls.incrementAndGet();
    pause();
    return new Containment(new boolean[job.points().size()]);
  }

  private void pause() {
    entered.release();
    CountDownLatch g = gate;
    if (g != null) {
      try {
        g.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    long nanos = callDelay.toNanos();
    if (nanos > 0) {
      try {
        Thread.sleep(Duration.ofNanos(nanos));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {}
}
