package io.themisdb.gpu.scheduling;

import java.time.Duration;

/**
 * A tenant's jobs used the accelerator: one event per accelerator call (a fused kNN call or one geo
 * job), for metering.
 *
 * @param tenant whose jobs ran
 * @param accelerator the accelerator id, {@code cuda} or {@code cpu}
 * @param time wall time of the call
 * @param jobs jobs the call served
 */
public record AcceleratorTimeUsed(String tenant, String accelerator, Duration time, int jobs) {

  public double millis() {
    return time.toNanos() / 1e6;
  }
}
