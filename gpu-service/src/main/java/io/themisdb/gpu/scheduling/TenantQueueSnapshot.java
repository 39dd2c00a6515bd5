package io.themisdb.gpu.scheduling;

import java.time.Duration;

/**
 * One tenant's queue and counters at the time of a {@link SchedulerSnapshot}. Counters count since
 * the scheduler started; waits are over the last 1,024 dispatched jobs.
 *
 * @param depth jobs queued now
 * @param submitted jobs accepted
 * @param completed jobs that ran and succeeded
 * @param failed jobs that ran or were looked at and failed (unknown set, wrong dimension, ...)
 * @param rejected submits refused because the queue was full
 * @param expired jobs whose deadline passed before they ran
 * @param cancelled jobs cancelled through their future
 * @param meanWait mean time from submit to dispatch
 * @param p99Wait 99th percentile of that time
 * @param p99WaitBatches 99th percentile of the batches dispatched while a job waited
 * @param acceleratorTime accelerator time used by the tenant's jobs
 */
public record TenantQueueSnapshot(
    String tenant,
    int weight,
    int depth,
    int capacity,
    long submitted,
    long completed,
    long failed,
    long rejected,
    long expired,
    long cancelled,
    Duration meanWait,
    Duration p99Wait,
    long p99WaitBatches,
    Duration acceleratorTime) {}
