package io.themisdb.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

@RealPostgres
class PostgresExtensionIT {

  private final PostgresDatabase database;

  PostgresExtensionIT(PostgresDatabase database) {
    this.database = database;
  }

  @Test
  void eachClassGetsItsOwnEmptyDatabase(PostgresDatabase injected) throws SQLException {
    assertThat(injected).isEqualTo(database);
    assertThat(database.name()).startsWith("t_postgresextensionit_");
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_database(), (SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_schema = 'public')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(database.name());
      assertThat(rs.getInt(2)).isZero();
    }
  }

  @Test
  void droppedDatabaseIsGone() throws SQLException {
    PostgresDatabase scratch = PostgresDatabase.create(PostgresServers.shared(), "scratch");
    assertThat(exists(scratch.name())).isTrue();

    scratch.drop();

    assertThat(exists(scratch.name())).isFalse();
  }

  @Test
  void explicitUnreachableServerFailsInsteadOfFallingBackToLocal() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                PostgresServers.resolve(
                    java.util.Map.of(
                        PostgresServers.URL_VARIABLE, "jdbc:postgresql://127.0.0.1:1/postgres")))
        .hasMessageContaining("named in the environment is not usable");
  }

  private boolean exists(String name) throws SQLException {
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
      rs.next();
      return rs.getInt(1) == 1;
    }
  }
}
