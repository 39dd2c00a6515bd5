package io.themisdb.billing.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Stripe-Signature headers computed here exactly as Stripe computes them, read by stripe-java. */
class StripeEventsTest {

  private static final String SECRET = "whsec_test_5f8a1c2b9d";
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private final StripeEvents events =
      new StripeEvents(SECRET, StripeEvents.DEFAULT_TOLERANCE, Clock.fixed(NOW, ZoneOffset.UTC));

  /** {@code t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}, as Stripe sends it. */
  static String stripeSignature(String secret, long t, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] sig = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(sig);
  }

  static String event(String id, String type, String object) {
    return """
        {"id":"%s","object":"event","api_version":"2025-03-31.basil","created":1764500000,\
        "type":"%s","livemode":false,"data":{"object":%s}}"""
        .formatted(id, type, object);
  }

  private static final String CHECKOUT =
      event(
          "evt_checkout",
          "checkout.session.completed",
          """
          {"id":"cs_1","object":"checkout.session","client_reference_id":"tenant-42",\
          "customer":"cus_1","subscription":"sub_1","metadata":{"plan":"pro"}}""");

  @Test
  void aValidSignatureGivesTheEvent() throws Exception {
    PaymentEvent read =
        events.read(CHECKOUT, stripeSignature(SECRET, NOW.getEpochSecond(), CHECKOUT));
    assertThat(read)
        .isEqualTo(
            new PaymentEvent.CheckoutCompleted(
                "evt_checkout",
                Instant.ofEpochSecond(1764500000),
                "tenant-42",
                "cus_1",
                "sub_1",
                "pro"));
  }

  @Test
  void anyOfSeveralV1ValuesMayMatch() throws Exception {
    long t = NOW.getEpochSecond();
    String good = stripeSignature(SECRET, t, CHECKOUT);
    String old = stripeSignature("whsec_rolled_secret", t, CHECKOUT);
    String header = old + "," + good.substring(good.indexOf("v1="));
    assertThat(events.read(CHECKOUT, header)).isInstanceOf(PaymentEvent.CheckoutCompleted.class);
  }

  @Test
  void aTamperedBodyIsRefused() throws Exception {
    String header = stripeSignature(SECRET, NOW.getEpochSecond(), CHECKOUT);
    String tampered = CHECKOUT.replace("\"pro\"", "\"enterprise\"");
    assertThatThrownBy(() -> events.read(tampered, header))
        .isInstanceOf(PaymentEventException.class)
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void aStaleOrFutureSignatureIsRefused() throws Exception {
    long stale = NOW.minus(Duration.ofSeconds(301)).getEpochSecond();
    assertThatThrownBy(() -> events.read(CHECKOUT, stripeSignature(SECRET, stale, CHECKOUT)))
        .isInstanceOf(PaymentEventException.class)
        .hasMessageContaining("tolerance");
    long edge = NOW.minus(Duration.ofSeconds(299)).getEpochSecond();
    assertThat(events.read(CHECKOUT, stripeSignature(SECRET, edge, CHECKOUT))).isNotNull();
  }

  @Test
  void anotherSecretOrNoHeaderIsRefused() throws Exception {
    long t = NOW.getEpochSecond();
    assertThatThrownBy(() -> events.read(CHECKOUT, stripeSignature("whsec_other", t, CHECKOUT)))
        .isInstanceOf(PaymentEventException.class);
    assertThatThrownBy(() -> events.read(CHECKOUT, null)).isInstanceOf(PaymentEventException.class);
    assertThatThrownBy(() -> events.read(CHECKOUT, "garbage"))
        .isInstanceOf(PaymentEventException.class);
  }

  @Test
  void aSignedBodyThatIsNoEventIsRefused() throws Exception {
    String body = "{\"hello\":";
    assertThatThrownBy(() -> events.read(body, stripeSignature(SECRET, NOW.getEpochSecond(), body)))
        .isInstanceOf(PaymentEventException.class);
  }

  @Test
  void subscriptionAndInvoiceEventsAreRead() throws Exception {
    String updated =
        event(
            "evt_u",
            "customer.subscription.updated",
            """
            {"id":"sub_1","object":"subscription","customer":"cus_1","status":"active",\
            "items":{"object":"list","data":[{"id":"si_1","object":"subscription_item",\
            "price":{"id":"price_1","object":"price","lookup_key":"developer"}}]}}""");
    assertThat(read(updated))
        .isEqualTo(
            new PaymentEvent.SubscriptionChanged(
                "evt_u",
                Instant.ofEpochSecond(1764500000),
                "cus_1",
                "sub_1",
                "active",
                "developer"));
    String deleted =
        event(
            "evt_d",
            "customer.subscription.deleted",
            "{\"id\":\"sub_1\",\"object\":\"subscription\",\"customer\":\"cus_1\","
                + "\"status\":\"canceled\"}");
    assertThat(read(deleted)).isInstanceOf(PaymentEvent.SubscriptionEnded.class);
    String failed =
        event(
            "evt_f",
            "invoice.payment_failed",
            "{\"id\":\"in_1\",\"object\":\"invoice\",\"customer\":\"cus_1\"}");
    assertThat(read(failed))
        .isEqualTo(
            new PaymentEvent.PaymentFailed(
                "evt_f", Instant.ofEpochSecond(1764500000), "cus_1", "in_1"));
    String paid =
        event(
            "evt_p",
            "invoice.paid",
            "{\"id\":\"in_1\",\"object\":\"invoice\",\"customer\":\"cus_1\"}");
    assertThat(read(paid)).isInstanceOf(PaymentEvent.InvoicePaid.class);
    String other = event("evt_o", "charge.refunded", "{\"id\":\"ch_1\",\"object\":\"charge\"}");
    assertThat(read(other))
        .isEqualTo(
            new PaymentEvent.Ignored(
                "evt_o", Instant.ofEpochSecond(1764500000), "charge.refunded"));
  }

  @Test
  void theSecretIsNeverShown() {
    assertThat(events.toString()).doesNotContain(SECRET);
  }

  private PaymentEvent read(String body) throws Exception {
    return events.read(body, stripeSignature(SECRET, NOW.getEpochSecond(), body));
  }
}
