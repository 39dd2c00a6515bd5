package io.themisdb.billing.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.billing.plan.RequestLimit;
import io.themisdb.testsupport.StructuredFieldList;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every rate-limiter backend promises; each backend's test extends this. */
abstract class RateLimiterContract {

  /** A window so long that refill during a test is far below one token. */
  static final long MONTH_SECONDS = 30L * 24 * 3600;

  protected RateLimiter limiter;
  protected String tenant;

  /** A new limiter on the backend under test; closed after each test. */
  protected abstract RateLimiter open();

  @BeforeEach
  void openLimiter() {
    limiter = open();
    tenant = "t-" + UUID.randomUUID();
  }

  @AfterEach
  void closeLimiter() {
    limiter.close();
  }

  @Test
  void parallelClientsNeverGetMoreThanTheQuota() throws Exception {
    int quota = 50;
    List<RequestLimit> policies =
        List.of(
            new RequestLimit("burst", quota, MONTH_SECONDS),
            new RequestLimit("sustained", 10 * quota, MONTH_SECONDS));
    int clients = 16;
    int attemptsEach = 10;

    long accepted = hammer(limiter, RateLimitKey.tenant(tenant), policies, clients, attemptsEach);

    assertThat(accepted).isEqualTo(quota);
    var refused = limiter.tryAcquire(RateLimitKey.tenant(tenant), policies);
    assertThat(refused).isInstanceOf(RateLimitDecision.Exhausted.class);
    assertThat(((RateLimitDecision.Exhausted) refused).violatedPolicies()).containsExactly("burst");
  }

  @Test
  void remainingCountsDownAndHeadersStayWellFormed() {
    List<RequestLimit> policies =
        List.of(new RequestLimit("burst", 3, MONTH_SECONDS), new RequestLimit("daily", 100, 86400));
    RateLimitKey key = RateLimitKey.tenant(tenant);

    List<Long> burstRemaining = new ArrayList<>();
    List<Long> dailyRemaining = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RateLimitDecision decision = limiter.tryAcquire(key, policies);
      assertThat(decision).isInstanceOf(RateLimitDecision.Allowed.class);
      var members = StructuredFieldList.parse(RateLimitHeaders.rateLimit(decision));
      assertThat(members)
          .extracting(StructuredFieldList.Member::value)
          .containsExactly("burst", "daily");
      burstRemaining.add((Long) members.get(0).parameters().get("r"));
      dailyRemaining.add((Long) members.get(1).parameters().get("r"));
      assertThat((Long) members.get(0).parameters().get("t")).isPositive();
    }
    assertThat(burstRemaining).containsExactly(2L, 1L, 0L);
    assertThat(dailyRemaining).containsExactly(99L, 98L, 97L);

    RateLimitDecision exhausted = limiter.tryAcquire(key, policies);
    assertThat(exhausted)
        .isInstanceOfSatisfying(
            RateLimitDecision.Exhausted.class,
            e -> {
              assertThat(e.violatedPolicies()).containsExactly("burst");
              assertThat(e.retryAfterSeconds()).isPositive();
            });
    assertThat(RateLimitHeaders.retryAfter(exhausted).map(Long::parseLong)).get().isNotNull();
    // A refused request takes nothing from the other policies.
    assertThat(exhausted.statuses().get(1).remaining()).isEqualTo(97L);
    StructuredFieldList.parse(RateLimitHeaders.rateLimit(exhausted));
    StructuredFieldList.parse(RateLimitHeaders.policy(exhausted.policies()));
  }

  @Test
  void tenantsAndClientsHaveSeparateBuckets() {
    List<RequestLimit> policies = List.of(new RequestLimit("burst", 1, MONTH_SECONDS));

    assertThat(limiter.tryAcquire(RateLimitKey.tenant(tenant), policies))
        .isInstanceOf(RateLimitDecision.Allowed.class);
    assertThat(limiter.tryAcquire(RateLimitKey.tenant(tenant), policies))
        .isInstanceOf(RateLimitDecision.Exhausted.class);
    assertThat(limiter.tryAcquire(RateLimitKey.tenant(tenant + "-other"), policies))
        .isInstanceOf(RateLimitDecision.Allowed.class);
    assertThat(limiter.tryAcquire(RateLimitKey.client(tenant, "app-1"), policies))
        .isInstanceOf(RateLimitDecision.Allowed.class);
    assertThat(limiter.tryAcquire(RateLimitKey.address("203.0.113.7-" + tenant), policies))
        .isInstanceOf(RateLimitDecision.Allowed.class);
  }

  @Test
  void planChangeGivesABucketAtTheNewQuotas() {
    RateLimitKey key = RateLimitKey.tenant(tenant);
    List<RequestLimit> free = List.of(new RequestLimit("burst", 1, MONTH_SECONDS));
    List<RequestLimit> pro = List.of(new RequestLimit("burst", 5, MONTH_SECONDS));
    limiter.tryAcquire(key, free);

    RateLimitDecision upgraded = limiter.tryAcquire(key, pro);

    assertThat(upgraded.statuses().getFirst().remaining()).isEqualTo(4);
  }

  @Test
  void costAboveTheQuotaIsRefusedNamingThePolicy() {
    RateLimitDecision decision =
        limiter.tryAcquire(
            RateLimitKey.tenant(tenant), List.of(new RequestLimit("burst", 2, MONTH_SECONDS)), 3);

    assertThat(decision)
        .isInstanceOfSatisfying(
            RateLimitDecision.Exhausted.class,
            e -> assertThat(e.violatedPolicies()).containsExactly("burst"));
  }

  /** Runs {@code clients} threads, released together, each trying {@code attempts} times. */
  static long hammer(
      RateLimiter limiter, RateLimitKey key, List<RequestLimit> policies, int clients, int attempts)
      throws Exception {
    return hammer(List.of(limiter), key, policies, clients, attempts);
  }

  /** As above, with the clients spread round-robin over several limiter instances. */
  static long hammer(
      List<RateLimiter> limiters,
      RateLimitKey key,
      List<RequestLimit> policies,
      int clients,
      int attempts)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Long>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      for (int c = 0; c < clients; c++) {
        RateLimiter limiter = limiters.get(c % limiters.size());
        Callable<Long> client =
            () -> {
              start.await();
              long ok = 0;
              for (int i = 0; i < attempts; i++) {
                if (limiter.tryAcquire(key, policies) instanceof RateLimitDecision.Allowed) {
                  ok++;
                }
              }
              return ok;
            };
        results.add(pool.submit(client));
      }
      start.countDown();
      long accepted = 0;
      for (Future<Long> f : results) {
        accepted += f.get();
      }
      return accepted;
    }
  }
}
