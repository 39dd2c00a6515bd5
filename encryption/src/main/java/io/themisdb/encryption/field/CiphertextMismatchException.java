package io.themisdb.encryption.field;

import io.themisdb.encryption.keyring.TenantKeysException;

/**
 * A ciphertext that does not belong where it was read: copied from another document, attribute,
 * collection or tenant, altered, or not a field ciphertext at all. Authenticated encryption cannot
 * tell a copy from an alteration, so {@link Reason} says what was checked, not who did it.
 */
public final class CiphertextMismatchException extends TenantKeysException {

  /** What failed. */
  public enum Reason {
    /** Not a field ciphertext (too short, unknown format byte). */
    MALFORMED,
    /** A randomized ciphertext read as deterministic or the reverse. */
    WRONG_KIND,
    /** No key version of this tenant has the ciphertext's key id: another tenant's, or altered. */
    FOREIGN_KEY,
    /** The key is the tenant's, but the bytes do not authenticate for this binding. */
    NOT_AUTHENTIC
  }

  private final Reason reason;
  private final FieldBinding binding;

  public CiphertextMismatchException(Reason reason, FieldBinding binding, String detail) {
    super(detail + " (" + describe(binding) + ")");
    this.reason = reason;
    this.binding = binding;
  }

  public Reason reason() {
    return reason;
  }

  public FieldBinding binding() {
    return binding;
  }

  private static String describe(FieldBinding binding) {
    String where =
        "tenant "
            + binding.tenant()
            + ", collection "
            + binding.collection()
            + ", attribute "
            + binding.attributePath();
    return binding instanceof FieldBinding.Randomized randomized
        ? where + ", document " + randomized.documentKey()
        : where;
  }
}
