package io.themisdb.testsupport;

import io.themisdb.testsupport.ServiceResolution.Candidate;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Finds the PostgreSQL server tests use, once per JVM, in this order: {@code
 * THEMIS_TEST_POSTGRES_URL}, a server on 127.0.0.1:5432, Testcontainers (only when a Docker engine
 * answers), embedded PostgreSQL. Fails with every reason when none works.
 */
public final class PostgresServers {

  public static final String URL_VARIABLE = "THEMIS_TEST_POSTGRES_URL";

  private static PostgresServer shared;

  private PostgresServers() {}

  /** The server for this JVM; resolved on first call. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = resolve(System.getenv());
    }
    return shared;
  }

  static PostgresServer resolve(Map<String, String> env) {
    return ServiceResolution.firstAvailable(
        "PostgreSQL",
        List.of(
            new Candidate<>(ServiceSource.ENVIRONMENT, () -> fromEnvironment(env)),
            new Candidate<>(ServiceSource.LOCAL, () -> local(env)),
            new Candidate<>(ServiceSource.TESTCONTAINERS, PostgresServers::container),
            new Candidate<>(ServiceSource.EMBEDDED, PostgresServers::embedded)));
  }

  private static Optional<PostgresServer> fromEnvironment(Map<String, String> env)
      throws SQLException {
    String url = env.get(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(usable(PostgresServer.parse(ServiceSource.ENVIRONMENT, url)));
  }

  private static Optional<PostgresServer> local(Map<String, String> env) throws Exception {
    if (!listening("127.0.0.1", 5432)) {
      return Optional.empty();
    }
    String user = env.getOrDefault("PGUSER", "postgres");
    return Optional.of(
        usable(new PostgresServer(ServiceSource.LOCAL, "127.0.0.1", 5432, "postgres", user, "")));
  }

  private static Optional<PostgresServer> container() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return Optional.empty();
    }
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-postgres"));
    return Optional.of(
        new PostgresServer(
            ServiceSource.TESTCONTAINERS,
            container.getHost(),
            container.getFirstMappedPort(),
            container.getDatabaseName(),
            container.getUsername(),
            container.getPassword()));
  }

  private static Optional<PostgresServer> embedded() throws Exception {
    // PostgreSQL refuses to run as root; zonky's initdb then fails and says so in the reason.
    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    pg.close();
                  } catch (Exception ignored) {
                    // the JVM is exiting; the temp directory goes with it
                  }
                },
                "stop-test-postgres"));
    return Optional.of(
        new PostgresServer(
            ServiceSource.EMBEDDED, "localhost", pg.getPort(), "postgres", "postgres", ""));
  }

  /** Checks the server answers and the user may create databases, which each test class needs. */
  static PostgresServer usable(PostgresServer server) throws SQLException {
    try (Connection c = server.connect(server.maintenanceDatabase());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user")) {
      if (!rs.next() || !rs.getBoolean(1)) {
        throw new SQLException(server.user() + " may not create databases on " + server);
      }
    }
    return server;
  }

  static boolean listening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
