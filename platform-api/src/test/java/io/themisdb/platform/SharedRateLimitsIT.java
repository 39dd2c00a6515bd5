package io.themisdb.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.testsupport.PostgresDatabase;
import io.themisdb.testsupport.RealPostgres;
import io.themisdb.testsupport.RealRedis;
import io.themisdb.testsupport.RedisServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The scaled-out shape: two platform instances on one PostgreSQL and Redis share a tenant's limit.
 */
@RealPostgres
@RealRedis
@ExtendWith(OutputCaptureExtension.class)
class SharedRateLimitsIT {

  @Test
  void twoInstancesTakeFromTheSameTenantBucket(
      PostgresDatabase database,
      RedisServer redis,
      @TempDir Path dirA,
      @TempDir Path dirB,
      CapturedOutput log)
      throws Exception {
    try (RunningPlatform a = start(database, redis, dirA);
        RunningPlatform b = start(database, redis, sharingMasterKey(dirA, dirB))) {
      TenantApi onA = RateLimitsIT.apiFor(a, "shared@limits.example", "Shared", log);
      TenantApi onB = new TenantApi(b, onA.token());

      // One client on two instances: both its bucket (2) and its tenant's (4) are shared.
      assertThat(RateLimitsIT.remaining(onA.get("/v1/tenant"))).isEqualTo(3);
      HttpResponse<String> viaB = onB.get("/v1/tenant");
      assertThat(viaB.statusCode()).as("%s %s", viaB.headers().map(), viaB.body()).isEqualTo(200);
      assertThat(RateLimitsIT.remaining(viaB)).isEqualTo(2);
      assertThat(RateLimitsIT.clientRemaining(viaB)).isZero();

      HttpResponse<String> refused = onA.get("/v1/tenant");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
      assertThat(RateLimitsIT.clientRemaining(refused)).isZero();
    }
  }

  /** Replicas share the master key that seals the JWT signing keys, as a deployment mounts it. */
  private static Path sharingMasterKey(Path from, Path to) throws IOException {
    Path key = Path.of("keys", "platform-master.key");
    Files.createDirectories(to.resolve("keys"));
    Files.copy(from.resolve(key), to.resolve(key));
    return to;
  }

  private static RunningPlatform start(PostgresDatabase database, RedisServer redis, Path dir) {
    Map<String, String> props = new HashMap<>(RateLimitsIT.tinyFreePlan());
    props.put("spring.profiles.active", "postgres");
    props.put("themis.mail.log-links", "true"); // no SMTP here: the signup link goes to the log
    props.put("themis.data-dir", dir.toString());
    props.put("THEMIS_DB_URL", database.jdbcUrl());
    props.put("THEMIS_DB_USER", database.user());
    props.put("THEMIS_DB_PASSWORD", database.password());
    props.put("THEMIS_REDIS_URL", redis.url());
    return RunningPlatform.start(props);
  }
}
