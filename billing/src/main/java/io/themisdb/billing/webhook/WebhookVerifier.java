package io.themisdb.billing.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Verifies a Standard Webhooks delivery, as a tenant's receiver does (and our own tests): the
 * timestamp must be within the tolerance of now (default 5 minutes, against replays), and one of
 * the {@code v1} signatures must match; other versions are ignored. Comparison is constant-time.
 */
public final class WebhookVerifier {

  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private final WebhookSecret secret;
  private final Duration tolerance;

  public WebhookVerifier(WebhookSecret secret, Duration tolerance) {
    this.secret = secret;
    this.tolerance = tolerance;
  }

  public WebhookVerifier(WebhookSecret secret) {
    this(secret, DEFAULT_TOLERANCE);
  }

  /**
   * @param headers header fields by lower-case name
   * @throws WebhookVerificationException when a header is missing, the timestamp is malformed or
   *     outside the tolerance, or no {@code v1} signature matches
   */
  public void verify(Map<String, String> headers, byte[] body, Instant now)
      throws WebhookVerificationException {
    String id = required(headers, SignedDelivery.ID);
    String timestampText = required(headers, SignedDelivery.TIMESTAMP);
    String signatures = required(headers, SignedDelivery.SIGNATURE);
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampText);
    } catch (NumberFormatException e) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.BAD_TIMESTAMP, "Malformed webhook-timestamp");
    }
    if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.TIMESTAMP_OUTSIDE_TOLERANCE,
          "webhook-timestamp is more than " + tolerance.toSeconds() + " s from now");
    }
    byte[] expected = WebhookSigner.mac(secret, id, timestamp, body);
    for (String candidate : signatures.split(" ")) {
      if (!candidate.startsWith("v1,")) {
        continue;
      }
      byte[] given;
      try {
        given =
            Base64.getDecoder().decode(candidate.substring(3).getBytes(StandardCharsets.US_ASCII));
      } catch (IllegalArgumentException notBase64) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) {
        return;
      }
    }
    throw new WebhookVerificationException(
        WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE, "No matching v1 signature");
  }

  private static String required(Map<String, String> headers, String name)
      throws WebhookVerificationException {
    String value = headers.get(name);
    if (value == null || value.isBlank()) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.MISSING_HEADER, "Missing " + name);
    }
    return value;
  }
}
