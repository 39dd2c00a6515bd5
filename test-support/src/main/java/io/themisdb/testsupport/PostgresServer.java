package io.themisdb.testsupport;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A PostgreSQL server that tests may create databases on.
 *
 * @param maintenanceDatabase the database connected to for {@code CREATE DATABASE}
 * @param password empty when the server trusts the user; never printed by {@link #toString()}
 */
public record PostgresServer(
    ServiceSource source,
    String host,
    int port,
    String maintenanceDatabase,
    String user,
    String password) {

  /**
   * Reads {@code jdbc:postgresql://host:port/db?user=u&password=p} or {@code
   * postgresql://u:p@host:port/db}, the two forms users paste.
   */
  public static PostgresServer parse(ServiceSource source, String url) {
    String plain = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    URI uri = URI.create(plain);
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException("Not a PostgreSQL URL: " + redact(url));
    }
    String user = "postgres";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : "";
    }
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        String value = kv.length > 1 ? decode(kv[1]) : "";
        switch (kv[0]) {
          case "user" -> user = value;
          case "password" -> password = value;
          default -> {}
        }
      }
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    return new PostgresServer(
        source,
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        path.isEmpty() ? "postgres" : path,
        user,
        password);
  }

  /** JDBC URL of a database on this server, without credentials. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (!password.isEmpty()) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", "3");
    props.setProperty("loginTimeout", "3");
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  @Override
  public String toString() {
    return source + " " + jdbcUrl(maintenanceDatabase) + " as " + user;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String redact(String url) {
    return url.replaceAll("(?<=://)[^@/]*@", "***@").replaceAll("password=[^&]*", "password=***");
  }
}
