package io.themisdb.gpu.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deficit round robin, step by step: no threads, no clocks. */
class FairQueueTest {

  record Item(String tenant, int cost, long enqueuedNanos) implements FairQueue.Item {}

  @Test
  void backloggedTenantsAreServedInProportionToTheirWeights() {
    var queue = new FairQueue<Item>(10_000, 4, 1);
    queue.setWeight("gold", 3);
    queue.setWeight("free", 1);
    for (int i = 0; i < 5_000; i++) {
      queue.offer(new Item("gold", 1 + i % 3, i));
      queue.offer(new Item("free", 1 + i % 3, i));
    }
    Map<String, Integer> served = new HashMap<>();
    for (int batch = 0; batch < 200; batch++) {
      for (Item item : queue.take(32)) {
        served.merge(item.tenant(), item.cost(), Integer::sum);
      }
    }
    double ratio = (double) served.get("gold") / served.get("free");
    assertThat(ratio).isCloseTo(3.0, within(0.1));
  }

  @Test
  void aTricklingTenantWaitsAtMostOneBatchBehindAFlood() {
    var queue = new FairQueue<Item>(100_000, 8, 1);
    for (int i = 0; i < 50_000; i++) {
      queue.offer(new Item("flood", 1, i));
    }
    List<Integer> waits = new ArrayList<>();
    for (int batch = 0; batch < 500; batch++) {
      int offeredAt = batch;
      if (batch % 5 == 0) {
        queue.offer(new Item("trickle", 1, batch));
      }
      for (Item item : queue.take(64)) {
        if (item.tenant().equals("trickle")) {
          waits.add(batch - (int) item.enqueuedNanos());
        }
      }
      assertThat(offeredAt).isEqualTo(batch);
    }
    assertThat(waits).hasSize(100).allMatch(w -> w <= 1);
  }

  @Test
  void aFullQueueRefusesMoreJobs() {
    var queue = new FairQueue<Item>(2, 4, 1);
    assertThat(queue.offer(new Item("t", 1, 0))).isTrue();
    assertThat(queue.offer(new Item("t", 1, 1))).isTrue();
    assertThat(queue.offer(new Item("t", 1, 2))).isFalse();
    assertThat(queue.offer(new Item("other", 1, 2))).isTrue();
    assertThat(queue.depth("t")).isEqualTo(2);
  }

  @Test
  void aJobCostlierThanABatchRunsAloneOnceItsTenantHasTheCredit() {
    var queue = new FairQueue<Item>(10, 4, 1);
    var big = new Item("t", 100, 0);
    queue.offer(big);
    queue.offer(new Item("t", 1, 1));
    assertThat(queue.take(16)).containsExactly(big);
    assertThat(queue.take(16)).hasSize(1);
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void removedJobsLeaveTheQueueAndItsCost() {
    var queue = new FairQueue<Item>(10, 4, 1);
    var a = new Item("t", 2, 0);
    queue.offer(a);
    queue.offer(new Item("t", 3, 1));
    assertThat(queue.remove(a)).isTrue();
    assertThat(queue.remove(a)).isFalse();
    assertThat(queue.totalCost()).isEqualTo(3);
    assertThat(queue.oldestEnqueuedNanos()).isEqualTo(1);
  }
}
