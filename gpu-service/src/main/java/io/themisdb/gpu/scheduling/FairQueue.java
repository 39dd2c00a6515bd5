package io.themisdb.gpu.scheduling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounded per-tenant FIFO queues drained by weighted deficit round robin (Shreedhar and Varghese,
 * 1995): on its turn a tenant earns {@code quantum * weight} units of credit and dequeues jobs
 * while their cost fits its credit. Backlogged tenants are served in proportion to their weights,
 * in cost units, and a tenant with little to send waits at most one round.
 *
 * <p>A batch may fill in the middle of a tenant's turn; the turn then resumes with the next batch,
 * without new credit, so batch boundaries do not skew the shares.
 *
 * <p>Not thread-safe: the dispatcher guards it with its lock.
 */
final class FairQueue<T extends FairQueue.Item> {

  /** What the queue needs to know of a job. */
  interface Item {
    String tenant();

    int cost();

    long enqueuedNanos();
  }

  private static final class Lane<T> {
    final ArrayDeque<T> jobs = new ArrayDeque<>();
    int weight;
    long deficit;
    boolean active;
    boolean creditedThisTurn;
    long queuedCost;

    Lane(int weight) {
      this.weight = weight;
    }
  }

  private final int capacity;
  private final int quantum;
  private final int defaultWeight;
  private final Map<String, Lane<T>> lanes = new HashMap<>();
  private final ArrayDeque<Lane<T>> active = new ArrayDeque<>();
  private long totalCost;
  private int totalJobs;

  FairQueue(int capacity, int quantum, int defaultWeight) {
    this.capacity = capacity;
    this.quantum = quantum;
    this.defaultWeight = defaultWeight;
  }

  void setWeight(String tenant, int weight) {
    if (weight < 1) {
      throw new IllegalArgumentException("weight must be >= 1, was " + weight);
    }
    lane(tenant).weight = weight;
  }

  int weight(String tenant) {
    Lane<T> lane = lanes.get(tenant);
    return lane == null ? defaultWeight : lane.weight;
  }

  /** Enqueues {@code item}; false when the tenant's queue already holds {@code capacity} jobs. */
  boolean offer(T item) {
    Lane<T> lane = lane(item.tenant());
    if (lane.jobs.size() >= capacity) {
      return false;
    }
    lane.jobs.addLast(item);
    lane.queuedCost += item.cost();
    totalCost += item.cost();
    totalJobs++;
    if (!lane.active) {
      lane.active = true;
      lane.deficit = 0;
      active.addLast(lane);
    }
    return true;
  }

  /** Removes a queued item (cancelled or expired); false when it is no longer queued. */
  boolean remove(T item) {
    Lane<T> lane = lanes.get(item.tenant());
    if (lane == null || !lane.jobs.remove(item)) {
      return false;
    }
    lane.queuedCost -= item.cost();
    totalCost -= item.cost();
    totalJobs--;
    if (lane.jobs.isEmpty()) {
      deactivate(lane);
    }
    return true;
  }

  /**
   * The next jobs in deficit-round-robin order, up to {@code maxCost} units in all. A single job
   * costlier than {@code maxCost} is returned alone once its tenant has the credit.
   */
  List<T> take(int maxCost) {
    List<T> out = new ArrayList<>();
    long used = 0;
    while (used < maxCost && !active.isEmpty()) {
      Lane<T> lane = active.peekFirst();
      if (!lane.creditedThisTurn) {
        lane.deficit += (long) quantum * lane.weight;
        lane.creditedThisTurn = true;
      }
      while (!lane.jobs.isEmpty()) {
        T head = lane.jobs.peekFirst();
        if (head.cost() > lane.deficit) {
          break;
        }
        if (used + head.cost() > maxCost && !out.isEmpty()) {
          return out; // batch full: this tenant's turn continues with the next batch
        }
        lane.jobs.pollFirst();
        lane.deficit -= head.cost();
        lane.queuedCost -= head.cost();
        totalCost -= head.cost();
        totalJobs--;
        used += head.cost();
        out.add(head);
      }
      active.pollFirst();
      lane.creditedThisTurn = false;
      if (lane.jobs.isEmpty()) {
        lane.active = false;
        lane.deficit = 0;
      } else {
        active.addLast(lane);
      }
    }
    return out;
  }

  /** Every queued job, removed; for shutdown. */
  List<T> drain() {
    List<T> out = new ArrayList<>();
    for (Lane<T> lane : lanes.values()) {
      out.addAll(lane.jobs);
      lane.jobs.clear();
      lane.queuedCost = 0;
      lane.active = false;
    }
    active.clear();
    totalCost = 0;
    totalJobs = 0;
    return out;
  }

  boolean isEmpty() {
    return totalJobs == 0;
  }

  long totalCost() {
    return totalCost;
  }

  int depth(String tenant) {
    Lane<T> lane = lanes.get(tenant);
    return lane == null ? 0 : lane.jobs.size();
  }

  long queuedCost(String tenant) {
    Lane<T> lane = lanes.get(tenant);
    return lane == null ? 0 : lane.queuedCost;
  }

  /** Sum of the weights of tenants with queued jobs. */
  long activeWeight() {
    long sum = 0;
    for (Lane<T> lane : active) {
      sum += lane.weight;
    }
    return sum;
  }

  /** Enqueue time of the oldest queued job; only meaningful when not empty. */
  long oldestEnqueuedNanos() {
    long oldest = Long.MAX_VALUE;
    boolean any = false;
    for (Lane<T> lane : active) {
      long head = lane.jobs.peekFirst().enqueuedNanos();
      if (!any || head - oldest < 0) {
        oldest = head;
        any = true;
      }
    }
    return oldest;
  }

  int capacity() {
    return capacity;
  }

  java.util.Set<String> tenants() {
    return lanes.keySet();
  }

  private Lane<T> lane(String tenant) {
    return lanes.computeIfAbsent(tenant, t -> new Lane<>(defaultWeight));
  }

  private void deactivate(Lane<T> lane) {
    if (lane.active) {
      active.remove(lane);
      lane.active = false;
      lane.creditedThisTurn = false;
      lane.deficit = 0;
    }
  }
}
