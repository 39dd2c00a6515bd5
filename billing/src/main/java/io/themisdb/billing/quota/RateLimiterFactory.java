package io.themisdb.billing.quota;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Creates a {@link RateLimiter} backend; registered in {@code
 * META-INF/services/io.themisdb.billing.quota.RateLimiterFactory} and selected by {@link #id()}:
 * {@code memory} (one process, the embedded default) or {@code redis} (shared by every instance).
 */
public interface RateLimiterFactory {

  /** The configuration value that selects this backend; unique among registered factories. */
  String id();

  /**
   * Creates a limiter; the caller closes it.
   *
   * @throws IllegalArgumentException if a required setting is missing or invalid
   * @throws RateLimitBackendException if the backend cannot be reached at start-up
   */
  RateLimiter create(RateLimiterSettings settings);

  /** Ids of every registered backend, in class-path order. */
  static List<String> registeredIds() {
    return ServiceLoader.load(RateLimiterFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .map(RateLimiterFactory::id)
        .toList();
  }

  /**
   * The registered backend with this id.
   *
   * @throws IllegalArgumentException naming the known ids, so a typo fails at start-up
   */
  static RateLimiterFactory byId(String id) {
    return ServiceLoader.load(RateLimiterFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(factory -> factory.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown rate-limiter backend '"
                        + id
                        + "'; registered backends: "
                        + registeredIds()));
  }
}
