package io.themisdb.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.gpu.accelerator.FakeCountingAccelerator;
import io.themisdb.gpu.job.KnnJob;
import io.themisdb.gpu.job.KnnResult;
import io.themisdb.gpu.job.Metric;
import io.themisdb.gpu.scheduling.AcceleratorTimeListener;
import io.themisdb.gpu.scheduling.AcceleratorTimeUsed;
import io.themisdb.gpu.scheduling.DeadlineExceededException;
import io.themisdb.gpu.scheduling.RejectedJobException;
import io.themisdb.gpu.scheduling.SchedulerSettings;
import io.themisdb.gpu.vectorset.UnknownVectorSetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bounded queues, deadlines, cancellation and shutdown end to end. The fake accelerator holds the
 * dispatcher on a first job (the plug) so the test decides what is queued and what is running.
 */
class BatchSchedulerLifecycleTest {

  private final FakeCountingAccelerator fake = new FakeCountingAccelerator();
  private final List<AcceleratorTimeUsed> events = new CopyOnWriteArrayList<>();
  private BatchScheduler scheduler;
  private CompletableFuture<KnnResult> plug;

  @BeforeEach
  void start() throws InterruptedException {
    scheduler =
        BatchScheduler.start(
            fake,
            SchedulerSettings.defaults().withQueueCapacity(4).withMaxWait(Duration.ZERO),
            events::add);
    FakeJobs.uploadSet(scheduler, "t");
    FakeJobs.uploadSet(scheduler, "u");
    fake.hold();
    plug = scheduler.submit("t", FakeJobs.numbered(0));
    fake.awaitCallEntered();
  }

  @AfterEach
  void close() {
    fake.release();
    scheduler.close();
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("the job succeeded");
  }

  @Test
  void aFullQueueRejectsWithARetryHintInsteadOfGrowing() throws Exception {
    for (int i = 1; i <= 4; i++) {
      scheduler.submit("t", FakeJobs.numbered(i));
    }
    assertThatThrownBy(() -> scheduler.submit("t", FakeJobs.numbered(5)))
        .isInstanceOfSatisfying(
            RejectedJobException.class,
            e -> {
              assertThat(e.tenant()).isEqualTo("t");
              assertThat(e.retryAfter()).isPositive();
              assertThat(e).hasMessageContaining("retry after");
            });
    // another tenant's queue is its own
    var other = scheduler.submit("u", FakeJobs.numbered(6));
    fake.release();
    assertThat(FakeJobs.answer(other)).isEqualTo(6);
    var snapshot = scheduler.snapshot();
    assertThat(snapshot.tenant("t").rejected()).isEqualTo(1);
    assertThat(snapshot.rejections()).isEqualTo(1);
    assertThat(fake.executionsOf(5)).isZero();
  }

  @Test
  void anExpiredJobFailsAndNeverRuns() throws Exception {
    var late = scheduler.submit("t", FakeJobs.numbered(1), Duration.ofMillis(20));
    assertThat(failureOf(late))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessageContaining("was not run");
    fake.release();
    assertThat(FakeJobs.answer(scheduler.submit("t", FakeJobs.numbered(2)))).isEqualTo(2);
    assertThat(fake.executionsOf(1)).isZero();
    assertThat(scheduler.snapshot().tenant("t").expired()).isEqualTo(1);
    assertThat(scheduler.snapshot().tenant("t").depth()).isZero();
  }

  /**
   * Regression (#9): the deadline timer was never cancelled when a job started, so a job still
   * running at its deadline was failed with "did not start ... and was not run" although it ran and
   * its tenant was metered for it. A deadline bounds the wait to start, not the run.
   */
  @Test
  void aJobThatStartedInTimeIsNotFailedByItsDeadlineWhileRunning() throws Exception {
    fake.release();
    plug.get(30, TimeUnit.SECONDS);
    fake.hold();
    var running = scheduler.submit("t", FakeJobs.numbered(1), Duration.ofSeconds(1));
    fake.awaitCallEntered();
    Thread.sleep(1_300); // past the deadline while the job is held inside the accelerator
    fake.release();
    assertThat(FakeJobs.answer(running)).isEqualTo(1);
    assertThat(scheduler.snapshot().tenant("t").expired()).isZero();
  }

  @Test
  void aCancelledJobLeavesItsQueueAndNeverRuns() throws Exception {
    var cancelled = scheduler.submit("t", FakeJobs.numbered(1));
    var kept = scheduler.submit("t", FakeJobs.numbered(2));
    assertThat(cancelled.cancel(false)).isTrue();
    assertThat(scheduler.snapshot().tenant("t").depth()).isEqualTo(1);
    fake.release();
    assertThat(FakeJobs.answer(kept)).isEqualTo(2);
    assertThat(failureOf(cancelled)).isInstanceOf(CancellationException.class);
    assertThat(fake.executionsOf(1)).isZero();
    assertThat(scheduler.snapshot().tenant("t").cancelled()).isEqualTo(1);
  }

  @Test
  void closeFailsQueuedJobsLetsTheRunningOneFinishAndRefusesNewOnes() throws Exception {
    List<CompletableFuture<KnnResult>> queued = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      queued.add(scheduler.submit(i % 2 == 0 ? "u" : "t", FakeJobs.numbered(i)));
    }
    // close() waits for the running batch, which the fake holds: close from another thread.
    var closing = CompletableFuture.runAsync(scheduler::close);
    for (var future : queued) {
      assertThat(failureOf(future))
          .isInstanceOf(RejectedJobException.class)
          .hasMessageContaining("shut down");
    }
    fake.release();
    closing.get(30, TimeUnit.SECONDS);
    assertThat(FakeJobs.answer(plug)).isZero();
    assertThatThrownBy(() -> scheduler.submit("t", FakeJobs.numbered(9)))
        .isInstanceOf(RejectedJobException.class);
    assertThat(fake.executionsOf(1) + fake.executionsOf(2) + fake.executionsOf(3)).isZero();
  }

  @Test
  void aJobForASetThatIsNotResidentFailsWithoutAnAcceleratorCall() throws Exception {
    var unknown = scheduler.submit("u", new KnnJob("nope", 1, Metric.L2, 1, 2, new float[] {1, 0}));
    fake.release();
    assertThat(failureOf(unknown)).isInstanceOf(UnknownVectorSetException.class);
    assertThat(fake.knnCalls.get()).isEqualTo(1); // the plug only
    assertThat(events).noneMatch(e -> e.tenant().equals("u"));
  }

  @Test
  void aFailingTimeListenerDoesNotFailTheJob() throws Exception {
    fake.release();
    plug.get(30, TimeUnit.SECONDS);
    scheduler.close();
    AcceleratorTimeListener throwing =
        e -> {
          throw new IllegalStateException("metering is down");
        };
    var fresh = new FakeCountingAccelerator();
    scheduler = BatchScheduler.start(fresh, SchedulerSettings.defaults(), throwing);
    FakeJobs.uploadSet(scheduler, "t");
    assertThat(FakeJobs.answer(scheduler.submit("t", FakeJobs.numbered(3)))).isEqualTo(3);
  }
}
