package io.themisdb.platform.billing.payment;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Suspends tenants whose grace period after a failed payment ran out, every check interval. */
@Component
class PaymentGrace {

  private static final Logger log = LoggerFactory.getLogger(PaymentGrace.class);

  private final PaymentStates states;
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("payment-grace").daemon().factory());

  PaymentGrace(PaymentStates states, PaymentSettings settings) {
    this.states = states;
    long every = settings.graceCheckInterval().toMillis();
    schedule.scheduleWithFixedDelay(this::checkQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  private void checkQuietly() {
    try {
      states.suspendOverdue();
    } catch (RuntimeException e) {
      // The next check tries again; a suspension a little late is no harm.
      log.warn("Checking overdue payments failed: {}", e.toString());
    }
  }

  @PreDestroy
  void stop() {
    schedule.shutdownNow();
  }
}
