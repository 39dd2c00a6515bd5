package io.themisdb.platform.billing.payment;

import io.themisdb.billing.payment.PaymentEvent;
import io.themisdb.billing.payment.PaymentEventException;
import io.themisdb.billing.payment.StripeEvents;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stripe's webhook endpoint: anonymous (the signature is the authentication), not part of /v1 or
 * its OpenAPI document. A bad or stale signature answers 400 {@code webhook-signature-invalid} and
 * changes nothing; a genuine event answers 200 once applied (or found to be a duplicate), so that
 * Stripe retries only what failed.
 */
@RestController
class StripeWebhookController {

  private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);
  static final String PROVIDER = "stripe";

  private final StripeEvents stripe;
  private final PaymentStates states;

  StripeWebhookController(PaymentSettings settings, PaymentStates states) {
    this.stripe =
        settings.stripeEnabled()
            ? new StripeEvents(
                settings.stripeWebhookSecret(), settings.stripeTolerance(), Clock.systemUTC())
            : null;
    this.states = states;
  }

  @PostMapping(path = "/webhooks/stripe", consumes = "application/json")
  Map<String, Object> receive(
      @RequestBody String payload,
      @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
    if (stripe == null) {
      throw new ProblemException(ProblemType.NOT_FOUND, "Stripe webhooks are not configured.");
    }
    PaymentEvent event;
    try {
      event = stripe.read(payload, signature);
    } catch (PaymentEventException e) {
      log.warn("Stripe webhook refused: {}", e.getMessage());
      throw new ProblemException(ProblemType.WEBHOOK_SIGNATURE_INVALID, e.getMessage());
    }
    PaymentStates.Result result = states.apply(PROVIDER, event);
    return Map.of("received", true, "event", event.id(), "result", result.name().toLowerCase());
  }
}
