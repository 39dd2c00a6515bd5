package io.themisdb.billing.payment;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Reads Stripe webhook requests: stripe-java's verifier checks the {@code Stripe-Signature} header
 * (HMAC-SHA256 of {@code t.body} under the endpoint secret, any of several {@code v1} values, the
 * timestamp within the tolerance of now), then the event is reduced to a {@link PaymentEvent}.
 * {@link #toString()} never shows the secret.
 */
public final class StripeEvents {

  /** Stripe's own default, and what its documentation recommends against replays. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  private final String secret;
  private final Duration tolerance;
  private final Clock clock;

  /**
   * @param secret the endpoint's signing secret ({@code whsec_...} from the Stripe dashboard)
   * @param tolerance how old a signature may be
   */
  public StripeEvents(String secret, Duration tolerance, Clock clock) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("A Stripe webhook signing secret is required");
    }
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new IllegalArgumentException("The tolerance must be positive: " + tolerance);
    }
    this.secret = secret;
    this.tolerance = tolerance;
    this.clock = clock;
  }

  /**
   * Verifies and reads one webhook request.
   *
   * @param payload the request body exactly as received (the signature covers its bytes)
   * @param signatureHeader the {@code Stripe-Signature} header, null when absent
   * @throws PaymentEventException for a missing, bad or stale signature or a body that is no event
   */
  public PaymentEvent read(String payload, String signatureHeader) throws PaymentEventException {
    if (signatureHeader == null || signatureHeader.isBlank()) {
      throw new PaymentEventException("No Stripe-Signature header");
    }
    Event event;
    try {
      event =
          Webhook.constructEvent(payload, signatureHeader, secret, tolerance.toSeconds(), clock);
    } catch (SignatureVerificationException e) {
      // Stripe's messages say what failed (no signature, timestamp outside tolerance, ...), never
      // the secret.
      throw new PaymentEventException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new PaymentEventException("The signed body is not a Stripe event", e);
    }
    if (event.getId() == null || event.getType() == null || event.getCreated() == null) {
      throw new PaymentEventException("The signed event has no id, type or created time");
    }
    Instant created = Instant.ofEpochSecond(event.getCreated());
    return switch (event.getType()) {
      case "checkout.session.completed" -> {
        Session s = object(event, Session.class);
        yield new PaymentEvent.CheckoutCompleted(
            event.getId(),
            created,
            s.getClientReferenceId(),
            s.getCustomer(),
            s.getSubscription(),
            metadata(s.getMetadata(), "plan"));
      }
      case "customer.subscription.created", "customer.subscription.updated" -> {
        Subscription s = object(event, Subscription.class);
        yield new PaymentEvent.SubscriptionChanged(
            event.getId(), created, s.getCustomer(), s.getId(), s.getStatus(), planOf(s));
      }
      case "customer.subscription.deleted" -> {
        Subscription s = object(event, Subscription.class);
        yield new PaymentEvent.SubscriptionEnded(
            event.getId(), created, s.getCustomer(), s.getId());
      }
      case "invoice.paid" -> {
        Invoice i = object(event, Invoice.class);
        yield new PaymentEvent.InvoicePaid(event.getId(), created, i.getCustomer(), i.getId());
      }
      case "invoice.payment_failed" -> {
        Invoice i = object(event, Invoice.class);
        yield new PaymentEvent.PaymentFailed(event.getId(), created, i.getCustomer(), i.getId());
      }
      default -> new PaymentEvent.Ignored(event.getId(), created, event.getType());
    };
  }

  private static <T extends StripeObject> T object(Event event, Class<T> type)
      throws PaymentEventException {
    StripeObject object;
    try {
      // Regardless of the event's API version: only long-stable fields are read.
      object = event.getDataObjectDeserializer().deserializeUnsafe();
    } catch (EventDataObjectDeserializationException | RuntimeException e) {
      throw new PaymentEventException("The event " + event.getId() + " has no readable object", e);
    }
    if (!type.isInstance(object)) {
      throw new PaymentEventException(
          "The event "
              + event.getId()
              + " of type "
              + event.getType()
              + " carries no "
              + type.getSimpleName());
    }
    return type.cast(object);
  }

  /** The plan code: the subscription's metadata, else its first price's lookup key. */
  private static String planOf(Subscription s) {
    String plan = metadata(s.getMetadata(), "plan");
    if (plan != null || s.getItems() == null || s.getItems().getData() == null) {
      return plan;
    }
    return s.getItems().getData().stream()
        .map(SubscriptionItem::getPrice)
        .filter(p -> p != null && p.getLookupKey() != null)
        .map(p -> p.getLookupKey())
        .findFirst()
        .orElse(null);
  }

  private static String metadata(Map<String, String> metadata, String key) {
    return metadata == null ? null : metadata.get(key);
  }

  @Override
  public String toString() {
    return "StripeEvents[tolerance=" + tolerance + ", secret=redacted]";
  }
}
