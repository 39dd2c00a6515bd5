package io.themisdb.billing.quota;

import java.util.Objects;

/**
 * Whose bucket a request draws from. Keys of different scopes never share a bucket, so a tenant's
 * limit and one of its API clients' limits are counted apart.
 *
 * @param scope what the id names
 * @param id the tenant id, {@code tenant/client}, or the client address
 */
public record RateLimitKey(Scope scope, String id) {

  /** What a key's id names. */
  public enum Scope {
    /** All requests of one tenant. */
    TENANT,
    /** One API client of a tenant. */
    CLIENT,
    /** An unauthenticated caller by network address (signup, login). */
    ADDRESS
  }

  public RateLimitKey {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("Rate-limit key id must not be blank");
    }
  }

  public static RateLimitKey tenant(String tenantId) {
    return new RateLimitKey(Scope.TENANT, tenantId);
  }

  /** A client's own bucket; the client id is qualified by its tenant so ids never collide. */
  public static RateLimitKey client(String tenantId, String clientId) {
    return new RateLimitKey(Scope.CLIENT, tenantId + "/" + clientId);
  }

  public static RateLimitKey address(String address) {
    return new RateLimitKey(Scope.ADDRESS, address);
  }

  /** The storage key, stable across releases because Redis buckets outlive a deployment. */
  public String storageKey() {
    return scope.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
  }
}
