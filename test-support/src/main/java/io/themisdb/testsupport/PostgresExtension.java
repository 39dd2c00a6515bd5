package io.themisdb.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class its own fresh PostgreSQL database: injected as a {@link PostgresDatabase}
 * parameter (constructor, lifecycle or test method), dropped after the class. Use through {@link
 * RealPostgres}.
 */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    database(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return database(context);
  }

  /** The class-level database, also for callers that need it before Spring starts. */
  public static PostgresDatabase database(ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    return classContext
        .getStore(NAMESPACE)
        .computeIfAbsent(
            "database",
            key -> new Lease(classContext.getRequiredTestClass().getSimpleName()),
            Lease.class)
        .database;
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  /** Drops the database when JUnit closes the class's store. */
  private static final class Lease implements AutoCloseable {
    final PostgresDatabase database;

    Lease(String hint) {
      try {
        database = PostgresDatabase.create(PostgresServers.shared(), hint);
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("Could not create a test database", e);
      }
    }

    @Override
    public void close() throws Exception {
      database.drop();
    }
  }
}
