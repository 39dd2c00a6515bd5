package io.themisdb.billing.metering.jdbc;

import java.util.regex.Pattern;

/** A caller-given table name, checked so it can be put into SQL text safely. */
final class SqlIdentifier {

  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

  private SqlIdentifier() {}

  static String table(String name) {
    if (name == null || !TABLE.matcher(name).matches()) {
      throw new IllegalArgumentException("Not a plain [schema.]table name: " + name);
    }
    return name;
  }
}
