package io.themisdb.engine.index;

import java.util.List;

/**
 * What a caller asks for when creating an index; the engine assigns the id.
 *
 * @param vector the parameters of a {@link IndexKind#VECTOR} index; null for other kinds
 */
public record IndexSpec(
    String name,
    List<String> fields,
    boolean unique,
    boolean sparse,
    IndexKind kind,
    VectorOptions vector) {

  public IndexSpec {
    if (fields == null || fields.isEmpty()) {
      throw new IllegalArgumentException("an index needs at least one attribute path");
    }
    fields = List.copyOf(fields);
    if (kind == null) {
      kind = IndexKind.SORTED;
    }
    if (kind == IndexKind.TTL) {
      if (fields.size() != 1 || unique) {
        throw new IllegalArgumentException(
            "a TTL index has exactly one attribute path and cannot be unique");
      }
      sparse = true;
    }
    if (kind == IndexKind.GEO) {
      if (fields.size() > 2 || unique) {
        throw new IllegalArgumentException(
            "a geo index has one attribute (GeoJSON or [lon, lat]) or two (latitude, longitude)"
                + " and cannot be unique");
      }
      // reported sparse, like TTL, so that sorted-index planning never picks it
      sparse = true;
    }
    if ((kind == IndexKind.VECTOR) != (vector != null)) {
      throw new IllegalArgumentException("vector options belong to exactly the vector indexes");
    }
    if (kind == IndexKind.VECTOR) {
      if (fields.size() != 1 || unique) {
        throw new IllegalArgumentException(
            "a vector index has exactly one attribute path and cannot be unique");
      }
      // Documents without a vector of the right dimension are skipped, as by a sparse index.
      sparse = true;
    }
  }

  public IndexSpec(
      String name, List<String> fields, boolean unique, boolean sparse, IndexKind kind) {
    this(name, fields, unique, sparse, kind, null);
  }

  /** A sorted index. */
  public IndexSpec(String name, List<String> fields, boolean unique, boolean sparse) {
    this(name, fields, unique, sparse, IndexKind.SORTED);
  }

  public static IndexSpec of(String name, String... fields) {
    return new IndexSpec(name, List.of(fields), false, false);
  }

  /**
   * A TTL index: each document expires at the time in {@code field} (epoch milliseconds or an
   * ISO-8601 date-time, see {@link io.themisdb.engine.index.ttl.Expiry}); the host's sweeper
   * removes expired documents.
   */
  public static IndexSpec ttl(String name, String field) {
    return new IndexSpec(name, List.of(field), false, true, IndexKind.TTL);
  }

  /**
   * A geo index over a GeoJSON geometry or {@code [lon, lat]} pair in {@code field}; documents
   * without a valid value stay out of geo results.
   */
  public static IndexSpec geo(String name, String field) {
    return new IndexSpec(name, List.of(field), false, true, IndexKind.GEO);
  }

  /** A geo index over points given as numbers in a latitude and a longitude attribute. */
  public static IndexSpec geo(String name, String latitudeField, String longitudeField) {
    return new IndexSpec(name, List.of(latitudeField, longitudeField), false, true, IndexKind.GEO);
  }

  /**
   * A vector index over the number array at {@code field}, for {@code APPROX_NEAR_*} in AQL and
   * {@link io.themisdb.engine.TenantDatabase#nearest}.
   */
  public static IndexSpec vector(String name, String field, VectorOptions options) {
    return new IndexSpec(name, List.of(field), false, true, IndexKind.VECTOR, options);
  }

  public IndexSpec asUnique() {
    return new IndexSpec(name, fields, true, sparse, kind, vector);
  }

  public IndexSpec asSparse() {
    return new IndexSpec(name, fields, unique, true, kind, vector);
  }
}
