package io.themisdb.testsupport;

/** Where a test service came from, in the order the fixtures try them. */
public enum ServiceSource {
  /** A URL in a {@code THEMIS_TEST_*_URL} environment variable. */
  ENVIRONMENT,
  /** A server already listening on its standard port on 127.0.0.1. */
  LOCAL,
  /** A container started through Testcontainers; tried only when a Docker engine answers. */
  TESTCONTAINERS,
  /** PostgreSQL binaries from Maven Central started in-process (zonky); the last resort. */
  EMBEDDED
}
