/**
 * Request rate limits: {@link io.themisdb.billing.quota.RateLimiter} checks a key's policies
 * (Bucket4j token buckets) and answers a {@link io.themisdb.billing.quota.RateLimitDecision};
 * {@link io.themisdb.billing.quota.RateLimitHeaders} turns it into the IETF header fields. Backends
 * ({@code memory}, {@code redis}) plug in through {@link
 * io.themisdb.billing.quota.RateLimiterFactory}.
 */
package io.themisdb.billing.quota;
