package io.themisdb.engine.spi;

import java.util.List;
import java.util.Objects;

/**
 * Encrypts the attribute values a collection's encryption policy names, before they reach storage,
 * and decrypts them on read. The engine holds no keys: platform-api plugs in the tenant's keys.
 * Randomized values are bound to their document, deterministic ones only to their field, so that
 * equal plaintexts give equal ciphertexts (for equality indexes). Implementations are thread-safe.
 *
 * <p>Every failure to decrypt is an {@link io.themisdb.engine.EncryptedValueException} whose reason
 * says why (a value moved or altered, a disabled key version, shredded keys).
 */
public interface FieldCipher {

  /**
   * Where a value belongs; implementations bind it into the ciphertext (associated data), so a
   * ciphertext copied to another database, collection or attribute no longer decrypts.
   */
  record Field(String database, String collection, String attributePath) {
    public Field {
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(attributePath, "attributePath");
    }
  }

  /** Whether this cipher can encrypt at all; the default {@link #none()} cannot. */
  default boolean available() {
    return true;
  }

  /** Encrypts with a fresh nonce, bound to the field and the document's key. */
  byte[] encryptRandomized(Field field, String documentKey, byte[] plaintext);

  byte[] decryptRandomized(Field field, String documentKey, byte[] ciphertext);

  /** Encrypts so that equal plaintexts of the field give equal ciphertexts (per key version). */
  byte[] encryptDeterministic(Field field, byte[] plaintext);

  byte[] decryptDeterministic(Field field, byte[] ciphertext);

  /**
   * The ciphertexts an equality lookup must look for: the plaintext encrypted under every key
   * version that still decrypts, current first (values not yet re-encrypted after a rotation match
   * too).
   */
  List<byte[]> deterministicProbes(Field field, byte[] plaintext);

  /**
   * Whether a stored value is under the current key version; re-encryption skips it if so.
   *
   * @param documentKey the document's key for randomized values, null for deterministic ones
   */
  boolean isCurrent(Field field, String documentKey, byte[] ciphertext);

  /** No encryption: the engine refuses encryption policies. */
  static FieldCipher none() {
    return None.INSTANCE;
  }

  /** The engine's default, which has no keys. */
  final class None implements FieldCipher {
    private static final None INSTANCE = new None();

    private None() {}

    @Override
    public boolean available() {
      return false;
    }

    @Override
    public byte[] encryptRandomized(Field field, String documentKey, byte[] plaintext) {
      throw unavailable();
    }

    @Override
    public byte[] decryptRandomized(Field field, String documentKey, byte[] ciphertext) {
      throw unavailable();
    }

    @Override
    public byte[] encryptDeterministic(Field field, byte[] plaintext) {
      throw unavailable();
    }

    @Override
    public byte[] decryptDeterministic(Field field, byte[] ciphertext) {
      throw unavailable();
    }

    @Override
    public List<byte[]> deterministicProbes(Field field, byte[] plaintext) {
      throw unavailable();
    }

    @Override
    public boolean isCurrent(Field field, String documentKey, byte[] ciphertext) {
      throw unavailable();
    }

    private static io.themisdb.engine.EncryptedValueException unavailable() {
      return new io.themisdb.engine.EncryptedValueException(
          io.themisdb.engine.EncryptedValueException.Reason.KEYS_UNAVAILABLE,
          "this engine has no field cipher configured; encrypted values cannot be read or written");
    }
  }
}
