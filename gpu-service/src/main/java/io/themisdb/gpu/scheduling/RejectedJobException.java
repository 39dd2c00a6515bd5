package io.themisdb.gpu.scheduling;

import java.time.Duration;

/**
 * The scheduler refused a job instead of queueing it without bound: the tenant's queue is full, or
 * the scheduler is shutting down. {@link #retryAfter()} estimates when the queue will have room (an
 * HTTP layer sends it as {@code Retry-After}).
 */
public class RejectedJobException extends RuntimeException {

  private final String tenant;
  private final Duration retryAfter;

  public RejectedJobException(String tenant, String reason, Duration retryAfter) {
    super(
        "job of tenant '"
            + tenant
            + "' rejected: "
            + reason
            + "; retry after "
            + retryAfter.toMillis()
            + " ms");
    this.tenant = tenant;
    this.retryAfter = retryAfter;
  }

  public String tenant() {
    return tenant;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
