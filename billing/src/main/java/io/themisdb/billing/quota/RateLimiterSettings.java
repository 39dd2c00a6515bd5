package io.themisdb.billing.quota;

import java.util.Map;
import java.util.Objects;

/**
 * Settings of a rate-limiter backend.
 *
 * @param keyPrefix prepended to every bucket key; instances that must share buckets use the same
 *     prefix, tests use their own to stay apart. Default {@code themis:ratelimit:}
 * @param properties backend-specific settings, for example {@code redis.url} for the {@code redis}
 *     backend
 */
public record RateLimiterSettings(String keyPrefix, Map<String, String> properties) {

  public static final String DEFAULT_PREFIX = "themis:ratelimit:";

  public RateLimiterSettings {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    properties = Map.copyOf(properties);
  }

  public static RateLimiterSettings defaults() {
    return new RateLimiterSettings(DEFAULT_PREFIX, Map.of());
  }

  /**
   * A required backend setting.
   *
   * @throws IllegalArgumentException naming the missing setting
   */
  public String require(String name) {
    String value = properties.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Missing rate-limiter setting '" + name + "'");
    }
    return value;
  }
}
