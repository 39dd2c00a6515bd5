package io.themisdb.platform.billing.payment;

import io.themisdb.billing.payment.PaymentEvent;
import io.themisdb.billing.plan.Plans;
import io.themisdb.platform.audit.AuditEvent.Outcome;
import io.themisdb.platform.audit.AuditLog;
import io.themisdb.platform.billing.Subscriptions;
import io.themisdb.platform.tenancy.Tenant;
import io.themisdb.platform.tenancy.TenantStatus;
import io.themisdb.platform.tenancy.TenantStatusChanged;
import io.themisdb.platform.tenancy.Tenants;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What payment events do to subscriptions and tenants. Each event is processed at most once, in the
 * transaction that records its id in {@code payment_events}: a duplicate delivery, even one running
 * at the same time, finds the id taken and changes nothing. Rules:
 *
 * <ul>
 *   <li>checkout completed: the tenant gets the customer and subscription and the plan bought;
 *   <li>subscription created or updated: its status, and its plan when that changed;
 *   <li>subscription deleted: back to the free plan;
 *   <li>payment failed: a grace period starts; when it ends unpaid, {@link #suspendOverdue}
 *       suspends the tenant;
 *   <li>invoice paid: the grace period ends, and a tenant suspended for payment is active again (an
 *       operator's suspension stays).
 * </ul>
 */
@Component
public class PaymentStates {

  private static final Logger log = LoggerFactory.getLogger(PaymentStates.class);
  private static final String ACTOR = "payment-provider";
  private static final String FREE_PLAN = "free";

  /** What happened to one delivered event. */
  public enum Result {
    PROCESSED,
    /** Seen before: nothing changed. */
    DUPLICATE,
    /** Not about a tenant this platform knows, or a type it does not act on: recorded only. */
    IGNORED
  }

  private final JdbcClient jdbc;
  private final PaymentAccounts accounts;
  private final Subscriptions subscriptions;
  private final Tenants tenants;
  private final Plans plans;
  private final AuditLog audit;
  private final ApplicationEventPublisher events;
  private final PaymentSettings settings;
  private final Clock clock;

  PaymentStates(
      JdbcClient jdbc,
      PaymentAccounts accounts,
      Subscriptions subscriptions,
      Tenants tenants,
      Plans plans,
      AuditLog audit,
      ApplicationEventPublisher events,
      PaymentSettings settings) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.subscriptions = subscriptions;
    this.tenants = tenants;
    this.plans = plans;
    this.audit = audit;
    this.events = events;
    this.settings = settings;
    this.clock = Clock.systemUTC();
  }

  /** Applies {@code event} from {@code provider} exactly once. */
  @Transactional
  public Result apply(String provider, PaymentEvent event) {
    if (!firstDelivery(provider, event)) {
      log.info("Payment event {} seen before: ignored", event.id());
      return Result.DUPLICATE;
    }
    Result result =
        switch (event) {
          case PaymentEvent.CheckoutCompleted c -> checkoutCompleted(provider, c);
          case PaymentEvent.SubscriptionChanged s -> subscriptionChanged(s);
          case PaymentEvent.SubscriptionEnded s -> subscriptionEnded(s);
          case PaymentEvent.PaymentFailed f -> paymentFailed(f);
          case PaymentEvent.InvoicePaid p -> invoicePaid(p);
          case PaymentEvent.Ignored i -> Result.IGNORED;
        };
    log.info("Payment event {} ({}): {}", event.id(), event.getClass().getSimpleName(), result);
    return result;
  }

  /**
   * Records the event id; false when it was recorded before. {@code ON CONFLICT DO NOTHING} waits
   * for a concurrent insert of the same id to commit and then inserts nothing, so of two
   * simultaneous deliveries exactly one goes on.
   */
  private boolean firstDelivery(String provider, PaymentEvent event) {
    String type = event instanceof PaymentEvent.Ignored i ? i.type() : typeOf(event);
    return jdbc.sql(
                "INSERT INTO payment_events (event_id, provider, event_type, processed_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
            .params(event.id(), provider, type, OffsetDateTime.now(clock))
            .update()
        == 1;
  }

  private static String typeOf(PaymentEvent event) {
    return switch (event) {
      case PaymentEvent.CheckoutCompleted c -> "checkout.session.completed";
      case PaymentEvent.SubscriptionChanged s -> "customer.subscription.updated";
      case PaymentEvent.SubscriptionEnded s -> "customer.subscription.deleted";
      case PaymentEvent.PaymentFailed f -> "invoice.payment_failed";
      case PaymentEvent.InvoicePaid p -> "invoice.paid";
      case PaymentEvent.Ignored i -> i.type();
    };
  }

  private Result checkoutCompleted(String provider, PaymentEvent.CheckoutCompleted c) {
    Optional<Tenant> tenant = tenantOf(c.tenantRef());
    if (tenant.isEmpty() || c.customerId() == null) {
      log.warn("Checkout {} names no live tenant or customer: ignored", c.id());
      return Result.IGNORED;
    }
    UUID id = tenant.get().id();
    accounts.link(id, provider, c.customerId(), c.subscriptionId());
    changePlan(tenant.get(), c.planCode(), c.id());
    return Result.PROCESSED;
  }

  private Result subscriptionChanged(PaymentEvent.SubscriptionChanged s) {
    Optional<Tenant> tenant = tenantOfCustomer(s.customerId());
    if (tenant.isEmpty()) {
      return unknownCustomer(s);
    }
    accounts.status(tenant.get().id(), s.subscriptionId(), s.status());
    changePlan(tenant.get(), s.planCode(), s.id());
    return Result.PROCESSED;
  }

  private Result subscriptionEnded(PaymentEvent.SubscriptionEnded s) {
    Optional<Tenant> tenant = tenantOfCustomer(s.customerId());
    if (tenant.isEmpty()) {
      return unknownCustomer(s);
    }
    accounts.status(tenant.get().id(), s.subscriptionId(), "canceled");
    changePlan(tenant.get(), FREE_PLAN, s.id());
    return Result.PROCESSED;
  }

  private Result paymentFailed(PaymentEvent.PaymentFailed f) {
    Optional<Tenant> tenant = tenantOfCustomer(f.customerId());
    if (tenant.isEmpty()) {
      return unknownCustomer(f);
    }
    UUID id = tenant.get().id();
    accounts.pastDue(id, clock.instant());
    audit.record(id, ACTOR, "payment.failed", f.invoiceId(), Outcome.FAILURE);
    // With no grace period the suspension is immediate, in this transaction.
    if (settings.gracePeriod().isZero()) {
      suspend(id);
    }
    return Result.PROCESSED;
  }

  private Result invoicePaid(PaymentEvent.InvoicePaid p) {
    Optional<Tenant> tenant = tenantOfCustomer(p.customerId());
    if (tenant.isEmpty()) {
      return unknownCustomer(p);
    }
    UUID id = tenant.get().id();
    if (accounts.paid(id) && tenants.transition(id, TenantStatus.SUSPENDED, TenantStatus.ACTIVE)) {
      audit.record(id, ACTOR, "tenant.resumed", p.invoiceId(), Outcome.SUCCESS);
      events.publishEvent(
          new TenantStatusChanged(id, TenantStatus.SUSPENDED, TenantStatus.ACTIVE, "payment"));
    }
    return Result.PROCESSED;
  }

  /** Suspends every tenant whose grace period has run out; returns how many. */
  @Transactional
  public int suspendOverdue() {
    int suspended = 0;
    for (UUID id : accounts.overdueSince(clock.instant().minus(settings.gracePeriod()))) {
      if (suspend(id)) {
        suspended++;
      }
    }
    return suspended;
  }

  private boolean suspend(UUID id) {
    if (!tenants.transition(id, TenantStatus.ACTIVE, TenantStatus.SUSPENDED)) {
      // Suspended by an operator already (a payment must not lift that), or deleted.
      return false;
    }
    accounts.suspendedForPayment(id);
    audit.record(id, ACTOR, "tenant.suspended", "payment overdue", Outcome.SUCCESS);
    events.publishEvent(
        new TenantStatusChanged(id, TenantStatus.ACTIVE, TenantStatus.SUSPENDED, "payment"));
    log.info("Tenant {} suspended: payment overdue past the grace period", id);
    return true;
  }

  private void changePlan(Tenant tenant, String planCode, String eventId) {
    if (planCode == null || planCode.equals(tenant.planId())) {
      return;
    }
    if (plans.find(planCode).isEmpty()) {
      log.warn("Payment event {} names unknown plan {}: plan unchanged", eventId, planCode);
      return;
    }
    subscriptions.change(tenant.id(), planCode);
    audit.record(tenant.id(), ACTOR, "tenant.plan_changed", planCode, Outcome.SUCCESS);
  }

  private Optional<Tenant> tenantOf(String ref) {
    if (ref == null) {
      return Optional.empty();
    }
    UUID id;
    try {
      id = UUID.fromString(ref);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return tenants.find(id).filter(t -> t.status() != TenantStatus.DELETED);
  }

  private Optional<Tenant> tenantOfCustomer(String customerId) {
    return accounts
        .ofCustomer(customerId)
        .flatMap(a -> tenants.find(a.tenantId()))
        .filter(t -> t.status() != TenantStatus.DELETED);
  }

  private static Result unknownCustomer(PaymentEvent e) {
    log.warn("Payment event {} is about a customer of no live tenant: ignored", e.id());
    return Result.IGNORED;
  }
}
