package io.themisdb.billing.webhook;

import java.util.Map;

/**
 * The three header fields of a signed delivery.
 *
 * @param id {@code webhook-id}: the message id, the same on every retry so receivers can dedupe
 * @param timestamp {@code webhook-timestamp}: Unix seconds of this attempt
 * @param signature {@code webhook-signature}: space-separated {@code v1,<base64>} values
 */
public record SignedDelivery(String id, long timestamp, String signature) {

  public static final String ID = "webhook-id";
  public static final String TIMESTAMP = "webhook-timestamp";
  public static final String SIGNATURE = "webhook-signature";

  public Map<String, String> headers() {
    return Map.of(ID, id, TIMESTAMP, Long.toString(timestamp), SIGNATURE, signature);
  }
}
