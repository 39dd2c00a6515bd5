package io.themisdb.engine.spi;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The vectors a brute-force search runs against, identified so that an accelerator may keep them
 * resident between calls: the same {@code database}, {@code name} and {@code version} always denote
 * the same rows.
 *
 * @param database the tenant database the vectors belong to
 * @param name the set within the database (for example {@code collection/index})
 * @param version changes whenever the rows change (for example the change-log sequence they
 *     reflect)
 * @param dimension components per vector
 * @param rows loads the rows, {@code count * dimension} floats row-major; called only when the
 *     accelerator does not hold this version already
 */
public record VectorSet(
    String database, String name, long version, int dimension, Supplier<float[]> rows) {

  public VectorSet {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rows, "rows");
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive, was " + dimension);
    }
  }
}
