package io.themisdb.billing.webhook;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * An endpoint's signing secret as the Standard Webhooks specification writes it: {@code whsec_}
 * followed by the base64 of 24 to 64 random bytes. {@link #toString()} never shows the key.
 */
public final class WebhookSecret {

  public static final String PREFIX = "whsec_";
  private static final int MIN_BYTES = 24;
  private static final int MAX_BYTES = 64;

  private final byte[] key;

  private WebhookSecret(byte[] key) {
    if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "A webhook secret has " + MIN_BYTES + " to " + MAX_BYTES + " bytes, not " + key.length);
    }
    this.key = key.clone();
  }

  /** A new secret of 32 random bytes. */
  public static WebhookSecret generate(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return new WebhookSecret(key);
  }

  /**
   * Parses {@code whsec_<base64>}; the prefix may be missing, as the specification's libraries
   * accept.
   *
   * @throws IllegalArgumentException when the text is not base64 or the key has a bad length
   */
  public static WebhookSecret parse(String text) {
    String encoded = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
    return new WebhookSecret(Base64.getDecoder().decode(encoded));
  }

  /** {@code whsec_<base64>}, to show the tenant once and to store encrypted. */
  public String encoded() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookSecret other && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "WebhookSecret[redacted]";
  }
}
