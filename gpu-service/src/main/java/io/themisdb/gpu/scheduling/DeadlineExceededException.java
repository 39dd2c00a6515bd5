package io.themisdb.gpu.scheduling;

import java.time.Duration;

/** A job's deadline passed before it could run; it was not run. */
public class DeadlineExceededException extends RuntimeException {

  public DeadlineExceededException(String tenant, String jobKind, Duration timeout) {
    super(
        jobKind
            + " of tenant '"
            + tenant
            + "' did not start within its deadline of "
            + timeout.toMillis()
            + " ms and was not run");
  }
}
