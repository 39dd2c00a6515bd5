package io.themisdb.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

  @Test
  void readsJdbcUrlWithCredentialsInTheQuery() {
    PostgresServer s =
        PostgresServer.parse(
            ServiceSource.ENVIRONMENT,
            "jdbc:postgresql://db.local:6543/admin?user=u&password=p%40ss");

    assertThat(s)
        .isEqualTo(
            new PostgresServer(ServiceSource.ENVIRONMENT, "db.local", 6543, "admin", "u", "p@ss"));
  }

  @Test
  void readsLibpqStyleUrlAndDefaultsPortAndDatabase() {
    PostgresServer s = PostgresServer.parse(ServiceSource.ENVIRONMENT, "postgresql://bob:secret@h");

    assertThat(s.port()).isEqualTo(5432);
    assertThat(s.maintenanceDatabase()).isEqualTo("postgres");
    assertThat(s.user()).isEqualTo("bob");
    assertThat(s.jdbcUrl("x")).isEqualTo("jdbc:postgresql://h:5432/x");
  }

  @Test
  void neverPrintsThePassword() {
    PostgresServer s =
        PostgresServer.parse(ServiceSource.ENVIRONMENT, "postgresql://bob:secret@h/db");

    assertThat(s.toString()).doesNotContain("secret");
  }

  @Test
  void rejectsOtherSchemesWithoutEchoingCredentials() {
    assertThatThrownBy(() -> PostgresServer.parse(ServiceSource.ENVIRONMENT, "mysql://u:pw@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("pw");
  }
}
