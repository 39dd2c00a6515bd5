package io.themisdb.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.testsupport.PostgresDatabase;
import io.themisdb.testsupport.RealPostgres;
import io.themisdb.testsupport.RealRedis;
import io.themisdb.testsupport.RedisServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The scaled-out shape: control plane on PostgreSQL, Redis checked by health and readiness. */
@RealPostgres
@RealRedis
class PostgresProfileIT {

  @Test
  void platformRunsOnPostgresAndRedis(
      PostgresDatabase database, RedisServer redis, @TempDir Path dataDir) throws Exception {
    Map<String, String> props =
        Map.of(
            "spring.profiles.active", "postgres",
            "themis.data-dir", dataDir.toString(),
            // The variables the README documents, here as properties: same placeholders.
            "THEMIS_DB_URL", database.jdbcUrl(),
            "THEMIS_DB_USER", database.user(),
            "THEMIS_DB_PASSWORD", database.password(),
            "THEMIS_REDIS_URL", redis.url());
    try (RunningPlatform platform = RunningPlatform.start(props)) {
      String health = platform.get("/actuator/health").body();
      assertThat(health).contains("\"status\":\"UP\"").contains("\"db\"").contains("\"redis\"");
      assertThat(platform.get("/actuator/health/readiness").body()).contains("\"status\":\"UP\"");

      JdbcClient jdbc = JdbcClient.create(database.dataSource());
      assertThat(jdbc.sql("SELECT count(*) FROM plans").query(Long.class).single()).isEqualTo(4);
      assertThat(
              jdbc.sql("SELECT count(*) FROM users WHERE platform_role = 'OPERATOR'")
                  .query(Long.class)
                  .single())
          .isEqualTo(1);
    }
  }
}
