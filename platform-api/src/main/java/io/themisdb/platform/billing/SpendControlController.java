package io.themisdb.platform.billing;

import io.themisdb.billing.invoice.Invoice;
import io.themisdb.billing.invoice.SpendControls;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.ApiCaller;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The caller's tenant's alert threshold and spend cap, with this month's spend so far. */
@RestController
class SpendControlController {

  private final SpendControlsStore store;
  private final SpendWatch watch;

  SpendControlController(SpendControlsStore store, SpendWatch watch) {
    this.store = store;
    this.watch = watch;
  }

  /** Amounts in the plan's minor units; 0 means not set. */
  record Controls(Long alertThreshold, Long spendCap) {}

  /**
   * @param spent this month's estimate: the month's base fees and the usage flushed so far
   * @param capReached whether metered work is stopped by the cap
   */
  record SpendView(
      String currency,
      long alertThreshold,
      long spendCap,
      long spent,
      boolean alertThresholdReached,
      boolean capReached) {

    static SpendView of(SpendControls c, Invoice estimate) {
      return new SpendView(
          estimate.currency().getCurrencyCode(),
          c.alertThreshold(),
          c.spendCap(),
          estimate.total(),
          estimate.alertThresholdReached(),
          estimate.spendCapReached());
    }
  }

  @GetMapping("/v1/spend-controls")
  @PreAuthorize("hasAuthority('SCOPE_billing:read')")
  SpendView get(ApiCaller caller) {
    UUID tenant = caller.tenant().id();
    return SpendView.of(store.of(tenant), watch.check(tenant));
  }

  /** Takes effect at once: a raised cap lifts the stop, a lowered one may impose it. */
  @PutMapping("/v1/spend-controls")
  @PreAuthorize("hasAuthority('SCOPE_billing:manage')")
  SpendView set(ApiCaller caller, @RequestBody Controls request) {
    if (request.alertThreshold() == null
        || request.spendCap() == null
        || request.alertThreshold() < 0
        || request.spendCap() < 0) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED,
          "alertThreshold and spendCap are required, in minor units, 0 or more (0 = not set).");
    }
    UUID tenant = caller.tenant().id();
    SpendControls controls = new SpendControls(request.alertThreshold(), request.spendCap());
    store.set(tenant, controls);
    return SpendView.of(controls, watch.check(tenant));
  }
}
