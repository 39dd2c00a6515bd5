package io.themisdb.billing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Runs the schema files shipped in src/main/resources, as platform-api's Flyway would. */
public final class SqlScripts {

  private SqlScripts() {}

  /** Runs {@code io/themisdb/billing/<name>} statement by statement (split on ';' at line end). */
  public static void run(DataSource dataSource, String name) throws SQLException, IOException {
    String path = "/io/themisdb/billing/" + name;
    String text;
    try (InputStream in = SqlScripts.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("Missing resource " + path);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder withoutComments = new StringBuilder();
    for (String line : text.split("\n")) {
      if (!line.strip().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String statement : withoutComments.toString().split(";\\s*\n")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
    }
  }
}
