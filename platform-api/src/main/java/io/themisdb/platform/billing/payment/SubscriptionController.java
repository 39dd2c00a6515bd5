package io.themisdb.platform.billing.payment;

import io.themisdb.billing.payment.PaymentEvent;
import io.themisdb.billing.plan.Plans;
import io.themisdb.platform.billing.Subscriptions;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.ApiCaller;
import io.themisdb.platform.tenancy.Tenant;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's tenant's subscription, and the built-in <b>test payment provider</b>: with {@code
 * themis.billing.payment.test-provider=true} (the embedded default) a tenant picks any plan and the
 * change goes through the same path a completed Stripe checkout takes, without any payment.
 */
@RestController
class SubscriptionController {

  static final String TEST_PROVIDER = "test";
  private static final String FREE_PLAN = "free";
  static final String TEST_NOTICE = "Test payment provider: no payment was taken.";

  private final Subscriptions subscriptions;
  private final PaymentAccounts accounts;
  private final PaymentStates states;
  private final Plans plans;
  private final PaymentSettings settings;

  SubscriptionController(
      Subscriptions subscriptions,
      PaymentAccounts accounts,
      PaymentStates states,
      Plans plans,
      PaymentSettings settings) {
    this.subscriptions = subscriptions;
    this.accounts = accounts;
    this.states = states;
    this.plans = plans;
    this.settings = settings;
  }

  /**
   * @param provider {@code stripe}, {@code test}, or null before any checkout
   * @param status the provider's subscription status, null before any checkout
   * @param pastDueSince when an unpaid payment failed; the tenant is suspended a grace period later
   * @param testProviderEnabled whether {@code POST /v1/subscription/test-checkout} works here
   */
  record SubscriptionView(
      String plan,
      Instant since,
      String provider,
      String status,
      Instant pastDueSince,
      boolean testProviderEnabled) {}

  record PlanChoice(String plan) {}

  /** The answer of a test checkout, labelled so nobody takes it for a payment. */
  record TestCheckout(String plan, String provider, boolean testMode, String notice) {}

  @GetMapping("/v1/subscription")
  @PreAuthorize("hasAuthority('SCOPE_billing:read')")
  SubscriptionView get(ApiCaller caller) {
    Tenant tenant = caller.tenant();
    var account = accounts.ofTenant(tenant.id());
    return new SubscriptionView(
        tenant.planId(),
        subscriptions.currentSince(tenant.id()),
        account.map(PaymentAccount::provider).orElse(null),
        account.map(PaymentAccount::status).orElse(null),
        account.map(PaymentAccount::pastDueSince).orElse(null),
        settings.testProvider());
  }

  @PostMapping("/v1/subscription/test-checkout")
  @PreAuthorize("hasAuthority('SCOPE_billing:manage')")
  TestCheckout testCheckout(ApiCaller caller, @RequestBody PlanChoice choice) {
    if (!settings.testProvider()) {
      throw new ProblemException(
          ProblemType.NOT_FOUND, "The test payment provider is not enabled on this platform.");
    }
    if (choice.plan() == null || plans.find(choice.plan()).isEmpty()) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED,
          "Unknown plan: "
              + choice.plan()
              + "; one of "
              + plans.all().stream().map(p -> p.code()).toList()
              + ".");
    }
    UUID tenant = caller.tenant().id();
    var account = accounts.ofTenant(tenant);
    if (account.isPresent() && !account.get().provider().equals(TEST_PROVIDER)) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "The subscription is managed by " + account.get().provider() + "; change it there.");
    }
    String customer = "test_cus_" + tenant;
    String subscription = "test_sub_" + tenant;
    String eventId = "test_evt_" + UUID.randomUUID();
    Instant now = Instant.now();
    // The rules of a Stripe checkout and cancellation, so that the test provider exercises them.
    if (!choice.plan().equals(FREE_PLAN)) {
      states.apply(
          TEST_PROVIDER,
          new PaymentEvent.CheckoutCompleted(
              eventId, now, tenant.toString(), customer, subscription, choice.plan()));
    } else if (account.isPresent()) {
      states.apply(
          TEST_PROVIDER, new PaymentEvent.SubscriptionEnded(eventId, now, customer, subscription));
    }
    return new TestCheckout(choice.plan(), TEST_PROVIDER, true, TEST_NOTICE);
  }
}
