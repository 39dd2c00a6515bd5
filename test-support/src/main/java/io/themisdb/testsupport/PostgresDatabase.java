package io.themisdb.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, empty database created for one test class on the shared {@link PostgresServer} and
 * dropped when the class is done.
 */
public record PostgresDatabase(PostgresServer server, String name) {

  /** Creates a database whose name starts with a readable hint (usually the test class). */
  static PostgresDatabase create(PostgresServer server, String hint) throws SQLException {
    String slug = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String name = "t_" + slug.substring(0, Math.min(slug.length(), 40)) + "_" + suffix;
    try (Connection c = server.connect(server.maintenanceDatabase());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE \"" + name + "\"");
    }
    return new PostgresDatabase(server, name);
  }

  void drop() throws SQLException {
    try (Connection c = server.connect(server.maintenanceDatabase());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }
  }

  public String jdbcUrl() {
    return server.jdbcUrl(name);
  }

  public String user() {
    return server.user();
  }

  public String password() {
    return server.password();
  }

  public Connection connect() throws SQLException {
    return server.connect(name);
  }

  /** A simple, unpooled data source; fine for tests, a pool is the application's business. */
  public DataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(jdbcUrl());
    ds.setUser(user());
    if (!password().isEmpty()) {
      ds.setPassword(password());
    }
    return ds;
  }
}
