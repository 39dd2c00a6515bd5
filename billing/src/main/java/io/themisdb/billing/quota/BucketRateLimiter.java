package io.themisdb.billing.quota;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import io.themisdb.billing.plan.RequestLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RateLimiter} over any {@link BucketStore}: one bucket per key and policy set, one
 * greedily refilled Bucket4j bandwidth per policy (quota q, refilled evenly over window w), so
 * every policy of a request is checked and charged in one atomic operation.
 */
public final class BucketRateLimiter implements RateLimiter {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final BucketStore store;
  // Policy lists are few (one per plan and scope); compile each once, not per request.
  private final Map<List<RequestLimit>, Compiled> compiled = new ConcurrentHashMap<>();

  private record Compiled(BucketConfiguration configuration, String fingerprint) {}

  public BucketRateLimiter(BucketStore store) {
    this.store = store;
  }

  @Override
  public RateLimitDecision tryAcquire(RateLimitKey key, List<RequestLimit> policies, long cost) {
    if (cost <= 0) {
      throw new IllegalArgumentException("Cost must be positive: " + cost);
    }
    Compiled c = compiled.computeIfAbsent(policies, this::compile);
    // The policies are part of the key: after a plan change the tenant gets a bucket at the new
    // quotas instead of one whose stored configuration belongs to the old plan.
    String storageKey = key.storageKey() + "|" + c.fingerprint();
    VerboseResult<ConsumptionProbe> result = store.tryConsume(storageKey, c.configuration(), cost);
    long[] available = result.getDiagnostics().getAvailableTokensPerEachBandwidth();
    ConsumptionProbe probe = result.getValue();
    List<PolicyStatus> statuses = new ArrayList<>(policies.size());
    List<String> violated = new ArrayList<>();
    for (int i = 0; i < policies.size(); i++) {
      RequestLimit policy = policies.get(i);
      long remaining = Math.max(0, available[i]);
      boolean lacking = !probe.isConsumed() && remaining < cost;
      if (lacking) {
        violated.add(policy.name());
      }
      long missing = lacking ? cost - remaining : (remaining < policy.quota() ? 1 : 0);
      statuses.add(new PolicyStatus(policy, remaining, secondsToRefill(policy, missing)));
    }
    if (probe.isConsumed()) {
      return new RateLimitDecision.Allowed(statuses);
    }
    if (violated.isEmpty()) {
      // Bucket4j refused, yet every policy shows enough: tokens are whole numbers in the
      // diagnostics but fractional inside the bucket. Name the policy closest to empty.
      statuses.stream()
          .min(java.util.Comparator.comparingLong(PolicyStatus::remaining))
          .ifPresent(s -> violated.add(s.policy().name()));
    }
    long retryAfter = Math.max(1, ceilDiv(probe.getNanosToWaitForRefill(), NANOS_PER_SECOND));
    return new RateLimitDecision.Exhausted(statuses, retryAfter, violated);
  }

  @Override
  public void close() {
    store.close();
  }

  private Compiled compile(List<RequestLimit> policies) {
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("At least one policy is needed");
    }
    if (new HashSet<>(policies.stream().map(RequestLimit::name).toList()).size()
        != policies.size()) {
      throw new IllegalArgumentException("Policy names must be unique: " + policies);
    }
    var builder = BucketConfiguration.builder();
    for (RequestLimit policy : policies) {
      builder.addLimit(
          Bandwidth.builder()
              .capacity(policy.quota())
              .refillGreedy(policy.quota(), Duration.ofSeconds(policy.windowSeconds()))
              .id(policy.name())
              .build());
    }
    return new Compiled(builder.build(), fingerprint(policies));
  }

  /** Whole seconds until {@code tokens} more are refilled, rounded up; an upper bound. */
  private static long secondsToRefill(RequestLimit policy, long tokens) {
    if (tokens <= 0) {
      return 0;
    }
    return Math.max(1, ceilDiv(Math.multiplyExact(tokens, policy.windowSeconds()), policy.quota()));
  }

  private static long ceilDiv(long a, long b) {
    return Math.ceilDiv(a, b);
  }

  private static String fingerprint(List<RequestLimit> policies) {
    StringBuilder sb = new StringBuilder();
    for (RequestLimit p : policies) {
      sb.append(p.name()).append('=').append(p.quota()).append('/').append(p.windowSeconds());
      sb.append(';');
    }
    return sb.toString();
  }
}
