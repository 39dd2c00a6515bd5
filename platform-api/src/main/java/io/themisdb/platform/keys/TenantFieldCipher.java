package io.themisdb.platform.keys;

import io.themisdb.encryption.TenantKeys;
import io.themisdb.encryption.field.CiphertextMismatchException;
import io.themisdb.encryption.field.FieldBinding;
import io.themisdb.encryption.field.KeyVersionUnavailableException;
import io.themisdb.encryption.keyring.KeyringUnreadableException;
import io.themisdb.encryption.keyring.TenantKeysException;
import io.themisdb.encryption.keyring.TenantKeysNotFoundException;
import io.themisdb.encryption.keyring.TenantKeysShreddedException;
import io.themisdb.engine.EncryptedValueException;
import io.themisdb.engine.EncryptedValueException.Reason;
import io.themisdb.engine.spi.FieldCipher;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The engine's field cipher on the tenant's Tink keys. An engine database is one tenant's (it is
 * named after the tenant), so the database name picks the keys; the binding adds collection,
 * attribute and, for randomized values, the document key. Failures of the keys become {@link
 * EncryptedValueException}s, which the API answers with their documented problem types.
 */
@Component
public class TenantFieldCipher implements FieldCipher {

  private final TenantKeys keys;

  public TenantFieldCipher(TenantKeys keys) {
    this.keys = keys;
  }

  @Override
  public byte[] encryptRandomized(Field field, String documentKey, byte[] plaintext) {
    return translated(() -> keys.encrypt(randomized(field, documentKey), plaintext));
  }

  @Override
  public byte[] decryptRandomized(Field field, String documentKey, byte[] ciphertext) {
    return translated(() -> keys.decrypt(randomized(field, documentKey), ciphertext));
  }

  @Override
  public byte[] encryptDeterministic(Field field, byte[] plaintext) {
    return translated(() -> keys.encrypt(deterministic(field), plaintext));
  }

  @Override
  public byte[] decryptDeterministic(Field field, byte[] ciphertext) {
    return translated(() -> keys.decrypt(deterministic(field), ciphertext));
  }

  @Override
  public List<byte[]> deterministicProbes(Field field, byte[] plaintext) {
    return translated(
        () ->
            keys.deterministicProbes(
                field.database(), field.collection(), field.attributePath(), plaintext));
  }

  @Override
  public boolean isCurrent(Field field, String documentKey, byte[] ciphertext) {
    FieldBinding binding =
        documentKey == null ? deterministic(field) : randomized(field, documentKey);
    return translated(() -> keys.isUnderPrimary(binding, ciphertext));
  }

  private static FieldBinding randomized(Field field, String documentKey) {
    return new FieldBinding.Randomized(
        field.database(), field.collection(), field.attributePath(), documentKey);
  }

  private static FieldBinding deterministic(Field field) {
    return new FieldBinding.Deterministic(
        field.database(), field.collection(), field.attributePath());
  }

  private static <T> T translated(Supplier<T> work) {
    try {
      return work.get();
    } catch (TenantKeysException e) {
      throw translate(e);
    }
  }

  /** The engine's view of a key failure; messages name no key material. */
  static EncryptedValueException translate(TenantKeysException e) {
    Reason reason =
        switch (e) {
          case CiphertextMismatchException x -> Reason.TAMPERED;
          case KeyVersionUnavailableException x -> Reason.KEY_VERSION_UNAVAILABLE;
          case TenantKeysShreddedException x -> Reason.KEYS_SHREDDED;
          case TenantKeysNotFoundException x -> Reason.KEYS_UNAVAILABLE;
          case KeyringUnreadableException x -> Reason.KEYS_UNAVAILABLE;
          default -> Reason.KEYS_UNAVAILABLE;
        };
    return new EncryptedValueException(reason, e.getMessage(), e);
  }
}
