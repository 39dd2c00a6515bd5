package io.themisdb.billing.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs outbound deliveries per the Standard Webhooks specification: {@code v1,} followed by the
 * base64 HMAC-SHA256, under the secret, of {@code id.timestamp.body}. During a secret rotation the
 * endpoint has two secrets and a delivery carries one signature per secret.
 */
public final class WebhookSigner {

  // The id goes into the signed content before a '.', so it must not contain one.
  private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  private WebhookSigner() {}

  /** Signs {@code body} (the exact bytes sent) for message {@code id} at {@code timestamp}. */
  public static SignedDelivery sign(
      String id, Instant timestamp, byte[] body, List<WebhookSecret> secrets) {
    if (!MESSAGE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("Message id must match " + MESSAGE_ID + ": " + id);
    }
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("At least one secret is needed");
    }
    long seconds = timestamp.getEpochSecond();
    List<String> signatures = new ArrayList<>();
    for (WebhookSecret secret : secrets) {
      signatures.add("v1," + Base64.getEncoder().encodeToString(mac(secret, id, seconds, body)));
    }
    return new SignedDelivery(id, seconds, String.join(" ", signatures));
  }

  static byte[] mac(WebhookSecret secret, String id, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
