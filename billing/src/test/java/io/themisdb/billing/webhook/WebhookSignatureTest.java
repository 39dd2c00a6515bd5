package io.themisdb.billing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  // Published example of the Standard Webhooks reference libraries
  // (standard-webhooks/standard-webhooks, libraries/java WebhookTest.verifyWebhookSignWorks).
  private static final WebhookSecret SPEC_SECRET =
      WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final Instant SPEC_TIME = Instant.ofEpochSecond(1614265330);
  private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

  @Test
  void signatureMatchesTheSpecificationsExample() {
    SignedDelivery signed = WebhookSigner.sign(SPEC_ID, SPEC_TIME, SPEC_BODY, List.of(SPEC_SECRET));

    assertThat(signed.signature()).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    assertThat(signed.headers())
        .containsEntry("webhook-id", SPEC_ID)
        .containsEntry("webhook-timestamp", "1614265330");
  }

  @Test
  void verifierAcceptsTheSpecificationsExampleWithinTolerance() throws Exception {
    Map<String, String> headers =
        WebhookSigner.sign(SPEC_ID, SPEC_TIME, SPEC_BODY, List.of(SPEC_SECRET)).headers();

    new WebhookVerifier(SPEC_SECRET).verify(headers, SPEC_BODY, SPEC_TIME.plusSeconds(299));
  }

  @Test
  void tamperedBodyIsRejected() {
    Map<String, String> headers =
        WebhookSigner.sign(SPEC_ID, SPEC_TIME, SPEC_BODY, List.of(SPEC_SECRET)).headers();
    byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

    assertReason(
        headers, tampered, SPEC_TIME, WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void staleAndFutureTimestampsAreRejectedAsReplays() {
    Map<String, String> headers =
        WebhookSigner.sign(SPEC_ID, SPEC_TIME, SPEC_BODY, List.of(SPEC_SECRET)).headers();

    assertReason(
        headers,
        SPEC_BODY,
        SPEC_TIME.plusSeconds(301),
        WebhookVerificationException.Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    assertReason(
        headers,
        SPEC_BODY,
        SPEC_TIME.minusSeconds(301),
        WebhookVerificationException.Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
  }

  @Test
  void changedTimestampBreaksTheSignature() {
    Map<String, String> headers =
        new HashMap<>(
            WebhookSigner.sign(SPEC_ID, SPEC_TIME, SPEC_BODY, List.of(SPEC_SECRET)).headers());
    headers.put("webhook-timestamp", Long.toString(SPEC_TIME.getEpochSecond() + 1));

    assertReason(
        headers, SPEC_BODY, SPEC_TIME, WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void anyMatchingV1AmongSeveralSignaturesIsEnough() throws Exception {
    String valid =
        WebhookSigner.sign(SPEC_ID, SPEC_TIME, SPEC_BODY, List.of(SPEC_SECRET)).signature();
    Map<String, String> headers =
        Map.of(
            "webhook-id",
            SPEC_ID,
            "webhook-timestamp",
            "1614265330",
            "webhook-signature",
            "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,xyz v1,not*base64 " + valid);

    new WebhookVerifier(SPEC_SECRET).verify(headers, SPEC_BODY, SPEC_TIME);
  }

  @Test
  void duringRotationEitherSecretVerifies() throws Exception {
    SecureRandom random = new SecureRandom();
    WebhookSecret old = WebhookSecret.generate(random);
    WebhookSecret next = WebhookSecret.generate(random);
    Map<String, String> headers =
        WebhookSigner.sign("msg_1", SPEC_TIME, SPEC_BODY, List.of(old, next)).headers();

    new WebhookVerifier(old).verify(headers, SPEC_BODY, SPEC_TIME);
    new WebhookVerifier(next).verify(headers, SPEC_BODY, SPEC_TIME);
    assertReason(
        new WebhookVerifier(WebhookSecret.generate(random)),
        headers,
        SPEC_BODY,
        SPEC_TIME,
        WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void missingHeaderIsRejected() {
    assertReason(
        Map.of("webhook-id", SPEC_ID),
        SPEC_BODY,
        SPEC_TIME,
        WebhookVerificationException.Reason.MISSING_HEADER);
  }

  @Test
  void secretRoundTripsAndNeverPrintsItsKey() {
    WebhookSecret secret = WebhookSecret.generate(new SecureRandom());

    assertThat(WebhookSecret.parse(secret.encoded())).isEqualTo(secret);
    assertThat(secret.encoded()).startsWith("whsec_");
    assertThat(secret.toString()).doesNotContain(secret.encoded().substring(6, 12));
    assertThat(WebhookSecret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isEqualTo(SPEC_SECRET);
  }

  @Test
  void messageIdWithADotIsRefusedBecauseItWouldBlurTheSignedContent() {
    assertThatThrownBy(() -> WebhookSigner.sign("a.b", SPEC_TIME, SPEC_BODY, List.of(SPEC_SECRET)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertReason(
      Map<String, String> headers,
      byte[] body,
      Instant now,
      WebhookVerificationException.Reason r) {
    assertReason(new WebhookVerifier(SPEC_SECRET, Duration.ofMinutes(5)), headers, body, now, r);
  }

  private static void assertReason(
      WebhookVerifier verifier,
      Map<String, String> headers,
      byte[] body,
      Instant now,
      WebhookVerificationException.Reason r) {
    assertThatThrownBy(() -> verifier.verify(headers, body, now))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class, e -> assertThat(e.reason()).isEqualTo(r));
  }
}
