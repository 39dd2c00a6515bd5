package io.themisdb.billing.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterFactoryTest {

  @Test
  void everyShippedBackendIsRegistered() {
    assertThat(RateLimiterFactory.registeredIds()).containsExactlyInAnyOrder("memory", "redis");
  }

  @Test
  void unknownBackendFailsNamingTheRegisteredOnes() {
    assertThatThrownBy(() -> RateLimiterFactory.byId("memcached"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memcached")
        .hasMessageContaining("redis");
  }

  @Test
  void redisBackendRequiresAUrl() {
    assertThatThrownBy(
            () -> RateLimiterFactory.byId("redis").create(new RateLimiterSettings("p:", Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis.url");
  }
}
