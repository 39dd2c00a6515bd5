package io.themisdb.gpu.scheduling;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the batch scheduler; {@link #defaults()} documents the defaults.
 *
 * @param maxBatchSize work units (query vectors; geo jobs count one per 4,096 items) per batch,
 *     default 256
 * @param maxWait how long the oldest queued job may wait for a batch to fill, default 2 ms
 * @param queueCapacity jobs each tenant may have queued before submits are rejected, default 1,024
 * @param quantum credit per round per unit of weight in deficit round robin, default 16 units
 * @param defaultWeight weight of a tenant no one set a weight for, default 1
 * @param defaultTimeout deadline of a job submitted without one, default 30 s
 * @param residentBudgetBytes memory all tenants' resident vector sets share, default 1 GiB
 */
public record SchedulerSettings(
    int maxBatchSize,
    Duration maxWait,
    int queueCapacity,
    int quantum,
    int defaultWeight,
    Duration defaultTimeout,
    long residentBudgetBytes) {

  public SchedulerSettings {
    Objects.requireNonNull(maxWait, "maxWait");
    Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    require(maxBatchSize >= 1, "maxBatchSize must be >= 1");
    require(!maxWait.isNegative(), "maxWait must not be negative");
    require(queueCapacity >= 1, "queueCapacity must be >= 1");
    require(quantum >= 1, "quantum must be >= 1");
    require(defaultWeight >= 1, "defaultWeight must be >= 1");
    require(defaultTimeout.isPositive(), "defaultTimeout must be positive");
    require(residentBudgetBytes >= 1, "residentBudgetBytes must be >= 1");
  }

  public static SchedulerSettings defaults() {
    return new SchedulerSettings(
        256, Duration.ofMillis(2), 1024, 16, 1, Duration.ofSeconds(30), 1L << 30);
  }

  public SchedulerSettings withMaxBatchSize(int value) {
    return new SchedulerSettings(
        value, maxWait, queueCapacity, quantum, defaultWeight, defaultTimeout, residentBudgetBytes);
  }

  public SchedulerSettings withMaxWait(Duration value) {
    return new SchedulerSettings(
        maxBatchSize,
        value,
        queueCapacity,
        quantum,
        defaultWeight,
        defaultTimeout,
        residentBudgetBytes);
  }

  public SchedulerSettings withQueueCapacity(int value) {
    return new SchedulerSettings(
        maxBatchSize, maxWait, value, quantum, defaultWeight, defaultTimeout, residentBudgetBytes);
  }

  public SchedulerSettings withResidentBudgetBytes(long value) {
    return new SchedulerSettings(
        maxBatchSize, maxWait, queueCapacity, quantum, defaultWeight, defaultTimeout, value);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
