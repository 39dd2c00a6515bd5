package io.themisdb.billing.quota;

import io.themisdb.billing.plan.RequestLimit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Header field values of draft-ietf-httpapi-ratelimit-headers-10, serialised as RFC 8941 structured
 * fields: {@code RateLimit-Policy} and {@code RateLimit} are Lists whose members are Strings (the
 * policy name) with Integer parameters. Quota units are requests (the default, so {@code qu} is
 * omitted); no partition key is sent because the key is the caller's own tenant.
 */
public final class RateLimitHeaders {

  public static final String POLICY = "RateLimit-Policy";
  public static final String RATE_LIMIT = "RateLimit";
  public static final String RETRY_AFTER = "Retry-After";

  private static final Comparator<PolicyStatus> CLOSEST_TO_EXHAUSTION =
      RateLimitHeaders::compareRemainingShare;

  private RateLimitHeaders() {}

  /** {@code "burst";q=10;w=1, "sustained";q=1000;w=3600}. */
  public static String policy(List<RequestLimit> policies) {
    return policies.stream()
        .map(p -> string(p.name()) + ";q=" + p.quota() + ";w=" + p.windowSeconds())
        .collect(Collectors.joining(", "));
  }

  /**
   * {@code "burst";r=9;t=1, "sustained";r=999;t=4}: every checked policy, the one closest to
   * exhaustion (least remaining share of its quota) first, so a client that reads only the first
   * item sees the limit it will hit next.
   */
  public static String rateLimit(RateLimitDecision decision) {
    return decision.statuses().stream()
        .sorted(CLOSEST_TO_EXHAUSTION)
        .map(s -> string(s.policy().name()) + ";r=" + s.remaining() + ";t=" + s.resetSeconds())
        .collect(Collectors.joining(", "));
  }

  /** {@code Retry-After} delay-seconds when the decision refuses the request. */
  public static Optional<String> retryAfter(RateLimitDecision decision) {
    return switch (decision) {
      case RateLimitDecision.Allowed allowed -> Optional.empty();
      case RateLimitDecision.Exhausted exhausted ->
          Optional.of(Long.toString(exhausted.retryAfterSeconds()));
    };
  }

  /** Compares remaining/quota of two policies exactly, as 128-bit cross products. */
  private static int compareRemainingShare(PolicyStatus a, PolicyStatus b) {
    long ra = a.remaining(), qa = a.policy().quota(), rb = b.remaining(), qb = b.policy().quota();
    int high = Long.compare(Math.multiplyHigh(ra, qb), Math.multiplyHigh(rb, qa));
    return high != 0 ? high : Long.compareUnsigned(ra * qb, rb * qa);
  }

  /** An sf-string: printable ASCII in quotes, with backslash and quote escaped (RFC 8941 4.1.6). */
  static String string(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("Not serialisable as an sf-string: " + value);
      }
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }
}
