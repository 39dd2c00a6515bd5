package io.themisdb.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.gpu.accelerator.FakeCountingAccelerator;
import io.themisdb.gpu.job.KnnResult;
import io.themisdb.gpu.scheduling.AcceleratorTimeListener;
import io.themisdb.gpu.scheduling.RejectedJobException;
import io.themisdb.gpu.scheduling.SchedulerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Weighted fairness end to end through {@link BatchScheduler}. The fake accelerator holds the
 * dispatcher busy on a first job while the test fills the queues, so every tenant is backlogged
 * from the first batch on; shares are then read from the order in which jobs ran, in job counts.
 */
class BatchSchedulerFairnessTest {

  private static final int HEAVY = 100_000;
  private static final int LIGHT = 200_000;

  private final FakeCountingAccelerator fake = new FakeCountingAccelerator();
  private BatchScheduler scheduler;

  private void start(SchedulerSettings settings) {
    scheduler = BatchScheduler.start(fake, settings, AcceleratorTimeListener.NONE);
    FakeJobs.uploadSet(scheduler, "heavy");
    FakeJobs.uploadSet(scheduler, "light");
  }

  @AfterEach
  void close() {
    fake.release();
    scheduler.close();
  }

  /** Submits a job the fake holds at its gate, so the queues fill while nothing is dispatched. */
  private CompletableFuture<KnnResult> plugDispatcher() throws InterruptedException {
    fake.hold();
    var plug = scheduler.submit("heavy", FakeJobs.numbered(0));
    fake.awaitCallEntered();
    return plug;
  }

  @Test
  void backloggedTenantsShareTheAcceleratorInProportionToTheirWeights() throws Exception {
    start(SchedulerSettings.defaults().withMaxBatchSize(64).withQueueCapacity(2_000));
    scheduler.setWeight("heavy", 3);
    scheduler.setWeight("light", 1);
    var plug = plugDispatcher();
    List<CompletableFuture<KnnResult>> all = new ArrayList<>();
    for (int i = 1; i <= 1_200; i++) {
      all.add(scheduler.submit("heavy", FakeJobs.numbered(HEAVY + i)));
      all.add(scheduler.submit("light", FakeJobs.numbered(LIGHT + i)));
    }
    fake.release();
    plug.get(30, TimeUnit.SECONDS);
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    // While both were backlogged (the first 1,600 jobs after the plug: light still had work),
    // heavy ran three jobs for each of light's. DRR is exact up to one turn: quantum 16 * weight 3.
    List<Integer> served = fake.order.subList(1, 1 + 1_600);
    long heavy = served.stream().filter(job -> job >= HEAVY && job < LIGHT).count();
    assertThat(heavy).isBetween(1_200L - 48, 1_200L + 48);
    assertThat(fake.order).hasSize(1 + 2_400);
  }

  @Test
  void aFloodingTenantCannotStarveATricklingOne() throws Exception {
    start(SchedulerSettings.defaults().withMaxBatchSize(32).withQueueCapacity(1_000));
    var plug = plugDispatcher();
    List<CompletableFuture<KnnResult>> flood = new ArrayList<>();
    for (int i = 1; i <= 1_000; i++) {
      flood.add(scheduler.submit("heavy", FakeJobs.numbered(HEAVY + i)));
    }
    var trickle = scheduler.submit("light", FakeJobs.numbered(LIGHT));
    fake.release();
    assertThat(FakeJobs.answer(trickle)).isEqualTo(LIGHT);
    plug.get(30, TimeUnit.SECONDS);
    CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    // Equal weights: the light job is in the first batch after the plug (one heavy turn of 16
    // before it); inside a batch each tenant's fused call runs in turn, so it ran by job 1 + 32.
    int position = fake.order.indexOf(LIGHT);
    assertThat(position).isBetween(1, 1 + 32);
    assertThat(scheduler.snapshot().tenant("light").p99WaitBatches()).isLessThanOrEqualTo(1);
  }

  /**
   * The scenario: one tenant floods while another sends a steady trickle. The flood is
   * refused with retry hints once its queue is full instead of queueing without bound; the trickle
   * is never refused and waits at most a couple of batches, counted in batches.
   */
  @Test
  void aFloodIsRejectedWithRetryHintsWhileATrickleIsServedWithinAFewBatches() throws Exception {
    start(
        SchedulerSettings.defaults()
            .withMaxBatchSize(16)
            .withQueueCapacity(64)
            .withMaxWait(Duration.ofMillis(1)));
    fake.callDelay = Duration.ofMillis(1); // a slow device, so that the flood backs up
    Queue<Duration> hints = new ConcurrentLinkedQueue<>();
    Queue<CompletableFuture<KnnResult>> accepted = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread flood =
        Thread.ofPlatform()
            .start(
                () -> {
                  // Numbered per accepted job: a rejected submission is cheap, and numbering
                  // every attempt ran past LIGHT on a fast machine, so that heavy and light jobs
                  // shared numbers and seemed to run twice.
                  for (int next = HEAVY + 1; !stop.get(); ) {
                    try {
                      accepted.add(scheduler.submit("heavy", FakeJobs.numbered(next)));
                      next++;
                    } catch (RejectedJobException e) {
                      hints.add(e.retryAfter());
                      Thread.yield();
                    }
                  }
                });
    for (int i = 1; i <= 100; i++) {
      assertThat(FakeJobs.answer(scheduler.submit("light", FakeJobs.numbered(LIGHT + i))))
          .isEqualTo(LIGHT + i);
    }
    stop.set(true);
    flood.join();
    CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    var snapshot = scheduler.snapshot();
    assertThat(hints).isNotEmpty().allMatch(Duration::isPositive);
    assertThat(snapshot.tenant("heavy").rejected()).isEqualTo(hints.size());
    assertThat(snapshot.tenant("light").rejected()).isZero();
    assertThat(snapshot.tenant("light").p99WaitBatches()).isLessThanOrEqualTo(2);
    assertThat(fake.executions.values()).allMatch(count -> count.get() == 1);
  }

  @Test
  void aTenantsWeightFromItsPlanTakesEffectOnItsNextTurn() throws Exception {
    start(SchedulerSettings.defaults().withMaxBatchSize(32).withQueueCapacity(2_000));
    scheduler.setWeight("light", 4);
    var plug = plugDispatcher();
    List<CompletableFuture<KnnResult>> all = new ArrayList<>();
    for (int i = 1; i <= 1_000; i++) {
      all.add(scheduler.submit("heavy", FakeJobs.numbered(HEAVY + i)));
      all.add(scheduler.submit("light", FakeJobs.numbered(LIGHT + i)));
    }
    fake.release();
    plug.get(30, TimeUnit.SECONDS);
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    // The first 1,000 after the plug: 4 light for each heavy, within one light turn (16 * 4).
    List<Integer> served = fake.order.subList(1, 1 + 1_000);
    long light = served.stream().filter(job -> job >= LIGHT).count();
    assertThat(light).isBetween(800L - 64, 800L + 64);
    assertThat(scheduler.snapshot().tenant("light").weight()).isEqualTo(4);
  }

  @Test
  void everyJobRunsExactlyOnceAndGetsItsOwnAnswer() throws Exception {
    start(SchedulerSettings.defaults().withMaxBatchSize(16).withMaxWait(Duration.ofMillis(1)));
    List<CompletableFuture<KnnResult>> futures = new ArrayList<>();
    for (int i = 1; i <= 500; i++) {
      futures.add(scheduler.submit(i % 2 == 0 ? "heavy" : "light", FakeJobs.numbered(i)));
    }
    for (int i = 1; i <= 500; i++) {
      assertThat(FakeJobs.answer(futures.get(i - 1))).isEqualTo(i);
      assertThat(fake.executionsOf(i)).as("runs of job %d", i).isEqualTo(1);
    }
  }
}
