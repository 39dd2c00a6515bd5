package io.themisdb.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.themisdb.gpu.accelerator.AcceleratorSettings;
import io.themisdb.gpu.accelerator.FakeCountingAccelerator;
import io.themisdb.gpu.accelerator.ResidentVectors;
import io.themisdb.gpu.accelerator.VectorData;
import io.themisdb.gpu.accelerator.cpu.CpuAcceleratorFactory;
import io.themisdb.gpu.job.KnnJob;
import io.themisdb.gpu.job.KnnResult;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.job.Neighbours;
import io.themisdb.gpu.scheduling.AcceleratorTimeListener;
import io.themisdb.gpu.scheduling.AcceleratorTimeUsed;
import io.themisdb.gpu.scheduling.SchedulerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Micro-batching and fusion end to end: on the CPU accelerator where results matter, on the fake
 * where only the number of accelerator calls does. A long {@code maxWait} makes a batch leave only
 * when it is full, so the tests need no clock.
 */
class BatchSchedulerBatchingTest {

  private static final int DIM = 24;
  private static final Duration FOREVER = Duration.ofMinutes(5);

  private final Random random = new Random(9);
  private final List<AcceleratorTimeUsed> events = new CopyOnWriteArrayList<>();
  private BatchScheduler scheduler;

  @AfterEach
  void close() {
    if (scheduler != null) {
      scheduler.close();
    }
  }

  private BatchScheduler onCpu(SchedulerSettings settings) {
    scheduler =
        BatchScheduler.start(
            "cpu", AcceleratorSettings.defaults().withCpuThreads(2), settings, events::add);
    return scheduler;
  }

  private VectorData randomSet(int n) {
    long[] ids = new long[n];
    float[] vectors = new float[n * DIM];
    for (int i = 0; i < n; i++) {
      ids[i] = 10L * i + 3;
    }
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = random.nextFloat() * 2 - 1;
    }
    return new VectorData(DIM, ids, vectors);
  }

  private float[] randomQuery() {
    float[] q = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      q[i] = random.nextFloat() * 2 - 1;
    }
    return q;
  }

  @Test
  void compatibleJobsAreFusedIntoOneAcceleratorCallWithEachJobsOwnAnswer() throws Exception {
    onCpu(SchedulerSettings.defaults().withMaxBatchSize(8).withMaxWait(FOREVER));
    VectorData data = randomSet(3_000);
    scheduler.upload("t", "docs", 7, data);
    int[] ks = {1, 5, 10, 3, 1024, 2, 7, 50};
    List<float[]> queries = new ArrayList<>();
    List<CompletableFuture<KnnResult>> futures = new ArrayList<>();
    for (int k : ks) {
      float[] q = randomQuery();
      queries.add(q);
      futures.add(scheduler.submit("t", KnnJob.of("docs", 7, Metric.COSINE, k, q)));
    }
    // Reference: each job alone, on its own accelerator.
    try (var alone = new CpuAcceleratorFactory().create(AcceleratorSettings.defaults());
        ResidentVectors set = alone.upload(data)) {
      for (int j = 0; j < ks.length; j++) {
        Neighbours expected = alone.knn(set, Metric.COSINE, ks[j], queries.get(j)).getFirst();
        Neighbours actual = futures.get(j).get(30, TimeUnit.SECONDS).perQuery().getFirst();
        assertThat(actual.ids()).as("job %d", j).containsExactly(expected.ids());
        // the same kernels; only the query's offset in the fused array differs (last-ulp effects)
        assertThat(actual.distances()).containsExactly(expected.distances(), within(1e-5f));
      }
    }
    var snapshot = scheduler.snapshot();
    assertThat(snapshot.batches()).isEqualTo(1);
    assertThat(snapshot.acceleratorCalls()).isEqualTo(1);
    assertThat(events).singleElement().extracting(AcceleratorTimeUsed::jobs).isEqualTo(8);
  }

  @Test
  void jobsDifferingInSetMetricOrTenantAreNotFused() throws Exception {
    onCpu(SchedulerSettings.defaults().withMaxBatchSize(6).withMaxWait(FOREVER));
    scheduler.upload("t", "a", 1, randomSet(100));
    scheduler.upload("t", "b", 1, randomSet(100));
    scheduler.upload("u", "a", 1, randomSet(100));
    List<CompletableFuture<KnnResult>> futures =
        List.of(
            scheduler.submit("t", KnnJob.of("a", 1, Metric.L2, 3, randomQuery())),
            scheduler.submit("t", KnnJob.of("a", 1, Metric.L2, 3, randomQuery())),
            scheduler.submit("t", KnnJob.of("a", 1, Metric.DOT, 3, randomQuery())),
            scheduler.submit("t", KnnJob.of("b", 1, Metric.L2, 3, randomQuery())),
            scheduler.submit("u", KnnJob.of("a", 1, Metric.L2, 3, randomQuery())),
            scheduler.submit("u", KnnJob.of("a", 1, Metric.L2, 3, randomQuery())));
    for (var future : futures) {
      assertThat(future.get(30, TimeUnit.SECONDS).perQuery().getFirst().size()).isEqualTo(3);
    }
    var snapshot = scheduler.snapshot();
    assertThat(snapshot.batches()).isEqualTo(1);
    // (t, a, L2) x2, (t, a, DOT), (t, b, L2), (u, a, L2) x2
    assertThat(snapshot.acceleratorCalls()).isEqualTo(4);
  }

  @Test
  void batchesNeverExceedTheMaximumBatchSize() throws Exception {
    var fake = new FakeCountingAccelerator();
    scheduler =
        BatchScheduler.start(
            fake,
            SchedulerSettings.defaults().withMaxBatchSize(4).withMaxWait(Duration.ofMillis(20)),
            AcceleratorTimeListener.NONE);
    FakeJobs.uploadSet(scheduler, "t");
    fake.hold();
    var plug = scheduler.submit("t", FakeJobs.numbered(0));
    fake.awaitCallEntered();
    List<CompletableFuture<KnnResult>> futures = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      futures.add(scheduler.submit("t", FakeJobs.numbered(i)));
    }
    fake.release();
    plug.get(30, TimeUnit.SECONDS);
    for (int i = 1; i <= 10; i++) {
      assertThat(FakeJobs.answer(futures.get(i - 1))).isEqualTo(i);
    }
    var snapshot = scheduler.snapshot();
    assertThat(snapshot.maxBatchCost()).isEqualTo(4);
    // the plug, then 4 + 4 + 2: the last two leave when the oldest has waited maxWait
    assertThat(snapshot.batches()).isEqualTo(4);
    assertThat(fake.knnCalls.get()).isEqualTo(4);
  }

  @Test
  void aLoneJobLeavesAfterTheMaximumWaitWithoutAFullBatch() throws Exception {
    Duration maxWait = Duration.ofMillis(50);
    onCpu(SchedulerSettings.defaults().withMaxBatchSize(256).withMaxWait(maxWait));
    scheduler.upload("t", "docs", 1, randomSet(10));
    var future = scheduler.submit("t", KnnJob.of("docs", 1, Metric.L2, 2, randomQuery()));
    assertThat(future.get(30, TimeUnit.SECONDS).perQuery().getFirst().size()).isEqualTo(2);
    // Not a timing assertion on the machine: the dispatcher must not send a partial batch sooner.
    assertThat(scheduler.snapshot().tenant("t").meanWait()).isGreaterThanOrEqualTo(maxWait);
  }

  @Test
  void eachTenantIsMeteredForItsOwnAcceleratorCalls() throws Exception {
    onCpu(SchedulerSettings.defaults().withMaxBatchSize(5).withMaxWait(FOREVER));
    scheduler.upload("t", "docs", 1, randomSet(500));
    scheduler.upload("u", "docs", 1, randomSet(500));
    List<CompletableFuture<KnnResult>> futures = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      futures.add(scheduler.submit("t", KnnJob.of("docs", 1, Metric.L2, 4, randomQuery())));
    }
    for (int i = 0; i < 2; i++) {
      futures.add(scheduler.submit("u", KnnJob.of("docs", 1, Metric.L2, 4, randomQuery())));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    assertThat(events).hasSize(2);
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.accelerator()).isEqualTo("cpu");
              assertThat(e.time()).isPositive();
            });
    assertThat(events.stream().filter(e -> e.tenant().equals("t")).mapToInt(e -> e.jobs()).sum())
        .isEqualTo(3);
    assertThat(events.stream().filter(e -> e.tenant().equals("u")).mapToInt(e -> e.jobs()).sum())
        .isEqualTo(2);
    for (String tenant : List.of("t", "u")) {
      Duration reported =
          events.stream()
              .filter(e -> e.tenant().equals(tenant))
              .map(AcceleratorTimeUsed::time)
              .reduce(Duration.ZERO, Duration::plus);
      assertThat(scheduler.snapshot().tenant(tenant).acceleratorTime()).isEqualTo(reported);
    }
  }
}
