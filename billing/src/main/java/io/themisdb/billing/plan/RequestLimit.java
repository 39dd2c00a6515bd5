package io.themisdb.billing.plan;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One request quota policy: at most {@code quota} requests per {@code windowSeconds}, refilled
 * smoothly. The name is what clients see in the {@code RateLimit-Policy} header field, so it must
 * be a short token (lower case letters, digits, dash).
 *
 * @param name policy name, for example {@code burst} or {@code sustained}
 * @param quota requests allowed in one window; positive
 * @param windowSeconds window length in whole seconds (the header field has no sub-second
 *     precision); positive
 */
public record RequestLimit(String name, long quota, long windowSeconds) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  public RequestLimit {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Policy name must match " + NAME + ": " + name);
    }
    if (quota <= 0 || windowSeconds <= 0) {
      throw new IllegalArgumentException(
          "Quota and window must be positive: " + quota + " per " + windowSeconds + " s");
    }
    // Bucket4j refills at most one token per nanosecond; fail here, not at the first request.
    if (quota / windowSeconds > 1_000_000_000L) {
      throw new IllegalArgumentException(
          "More than 10^9 requests per second cannot be enforced: "
              + quota
              + " per "
              + windowSeconds
              + " s");
    }
  }
}
