package io.themisdb.engine.crypto;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which attributes of a collection's documents are stored encrypted, and how.
 *
 * @param fields dotted attribute paths (for example {@code "ssn"} or {@code "card.number"}) and
 *     their protection; the whole value at a path is encrypted, whatever its JSON type, except null
 * @param pending the paths whose existing documents may still hold plaintext: added to the policy
 *     after documents were written, until {@link io.themisdb.engine.TenantDatabase#reencrypt}
 *     finished a pass over the collection
 */
public record EncryptionPolicy(Map<String, FieldProtection> fields, Set<String> pending) {

  /** Attributes every document has, which the engine needs in the clear. */
  private static final Set<String> SYSTEM = Set.of("_key", "_id", "_rev", "_from", "_to");

  public EncryptionPolicy {
    if (fields == null || fields.isEmpty()) {
      throw new IllegalArgumentException("an encryption policy names at least one attribute path");
    }
    TreeMap<String, FieldProtection> sorted = new TreeMap<>();
    for (Map.Entry<String, FieldProtection> e : fields.entrySet()) {
      String path = e.getKey();
      if (path == null
          || path.isEmpty()
          || path.startsWith(".")
          || path.endsWith(".")
          || path.contains("..")) {
        throw new IllegalArgumentException("invalid attribute path '" + path + "'");
      }
      if (SYSTEM.contains(path.split("\\.", 2)[0])) {
        throw new IllegalArgumentException(
            "system attribute '"
                + path
                + "' cannot be encrypted: the engine needs it in the clear");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("attribute path '" + path + "' has no protection");
      }
      sorted.put(path, e.getValue());
    }
    String previous = null;
    for (String path : sorted.keySet()) {
      // sorted order puts "a" right before "a.b": one path inside another is ambiguous
      if (previous != null && path.startsWith(previous + ".")) {
        throw new IllegalArgumentException(
            "attribute path '" + path + "' lies inside encrypted attribute '" + previous + "'");
      }
      previous = path;
    }
    fields = Collections.unmodifiableMap(sorted);
    TreeSet<String> p = new TreeSet<>(pending == null ? Set.of() : pending);
    p.retainAll(sorted.keySet());
    pending = Collections.unmodifiableSet(p);
  }

  /** A policy as a caller asks for it; the engine decides which paths are pending. */
  public static EncryptionPolicy of(Map<String, FieldProtection> fields) {
    return new EncryptionPolicy(fields, Set.of());
  }

  /** The protection of exactly this path. */
  public Optional<FieldProtection> protection(String path) {
    return Optional.ofNullable(fields.get(path));
  }

  /**
   * The encrypted path that {@code path} equals or lies inside ({@code "card.number.last4"} lies
   * inside {@code "card.number"}), or that lies inside {@code path} (reading {@code "card"} reads
   * the encrypted {@code "card.number"}); empty when {@code path} touches no encrypted value.
   */
  public Optional<String> touched(String path) {
    for (String p : fields.keySet()) {
      if (p.equals(path) || path.startsWith(p + ".") || p.startsWith(path + ".")) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Whether existing documents may still hold {@code path} in plaintext. */
  public boolean isPending(String path) {
    return pending.contains(path);
  }

  /** This policy once a full pass encrypted the paths that were pending at {@code start}. */
  public EncryptionPolicy settled(EncryptionPolicy start) {
    Set<String> still = new TreeSet<>(pending);
    still.removeAll(start.pending());
    return new EncryptionPolicy(fields, still);
  }
}
