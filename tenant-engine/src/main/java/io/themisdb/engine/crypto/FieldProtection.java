package io.themisdb.engine.crypto;

/** How an encrypted attribute is protected. */
public enum FieldProtection {
  /**
   * A fresh nonce per write, bound to the document: equal values look unrelated. No index, no
   * lookups by value.
   */
  RANDOMIZED,
  /**
   * Equal values of the attribute give equal ciphertexts, so equality indexes and {@code ==} /
   * {@code IN} lookups work; reveals which documents share a value.
   */
  DETERMINISTIC
}
