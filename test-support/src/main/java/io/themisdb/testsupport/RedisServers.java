package io.themisdb.testsupport;

import io.themisdb.testsupport.ServiceResolution.Candidate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Finds the Redis server tests use, once per JVM: {@code THEMIS_TEST_REDIS_URL}, a server on
 * 127.0.0.1:6379, or Testcontainers when a Docker engine answers. Fails with every reason when none
 * works.
 */
public final class RedisServers {

  public static final String URL_VARIABLE = "THEMIS_TEST_REDIS_URL";

  private static RedisServer shared;

  private RedisServers() {}

  public static synchronized RedisServer shared() {
    if (shared == null) {
      shared = resolve(System.getenv());
    }
    return shared;
  }

  static RedisServer resolve(Map<String, String> env) {
    return ServiceResolution.firstAvailable(
        "Redis",
        List.of(
            new Candidate<>(ServiceSource.ENVIRONMENT, () -> fromEnvironment(env)),
            new Candidate<>(ServiceSource.LOCAL, RedisServers::local),
            new Candidate<>(ServiceSource.TESTCONTAINERS, RedisServers::container)));
  }

  private static Optional<RedisServer> fromEnvironment(Map<String, String> env) throws Exception {
    String url = env.get(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    RedisServer server = RedisServer.parse(ServiceSource.ENVIRONMENT, url);
    server.ping();
    return Optional.of(server);
  }

  private static Optional<RedisServer> local() throws Exception {
    if (!PostgresServers.listening("127.0.0.1", 6379)) {
      return Optional.empty();
    }
    RedisServer server = new RedisServer(ServiceSource.LOCAL, "127.0.0.1", 6379);
    server.ping();
    return Optional.of(server);
  }

  private static Optional<RedisServer> container() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return Optional.empty();
    }
    GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-redis"));
    return Optional.of(
        new RedisServer(
            ServiceSource.TESTCONTAINERS, container.getHost(), container.getFirstMappedPort()));
  }
}
