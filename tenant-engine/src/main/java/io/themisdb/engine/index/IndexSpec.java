package io.themisdb.engine.index;

import java.util.List;

/** What a caller asks for when creating an index; the engine assigns the id. */
public record IndexSpec(String name, List<String> fields, boolean unique, boolean sparse) {

  public IndexSpec {
    if (fields == null || fields.isEmpty()) {
      throw new IllegalArgumentException("an index needs at least one attribute path");
    }
    fields = List.copyOf(fields);
  }

  public static IndexSpec of(String name, String... fields) {
    return new IndexSpec(name, List.of(fields), false, false);
  }

  public IndexSpec asUnique() {
    return new IndexSpec(name, fields, true, sparse);
  }

  public IndexSpec asSparse() {
    return new IndexSpec(name, fields, unique, true);
  }
}
