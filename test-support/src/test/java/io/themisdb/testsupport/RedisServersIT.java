package io.themisdb.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

@RealRedis
class RedisServersIT {

  @Test
  void sharedServerAnswersPing(RedisServer redis) throws IOException {
    redis.ping();

    assertThat(redis.url()).startsWith("redis://");
    assertThat(redis.source()).isNotEqualTo(ServiceSource.EMBEDDED);
  }

  @Test
  void environmentUrlWinsOverTheLocalServer(RedisServer redis) {
    RedisServer fromEnv = RedisServers.resolve(Map.of(RedisServers.URL_VARIABLE, redis.url()));

    assertThat(fromEnv.source()).isEqualTo(ServiceSource.ENVIRONMENT);
  }

  @Test
  void unreachableEnvironmentUrlFailsLoudly() {
    assertThatThrownBy(
            () -> RedisServers.resolve(Map.of(RedisServers.URL_VARIABLE, "redis://127.0.0.1:1")))
        .isInstanceOf(IllegalStateException.class);
  }
}
