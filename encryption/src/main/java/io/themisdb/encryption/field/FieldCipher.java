package io.themisdb.encryption.field;

import io.themisdb.encryption.field.CiphertextMismatchException.Reason;
import io.themisdb.encryption.field.FieldCiphertext.Kind;
import io.themisdb.encryption.keyring.KeyVersion;
import io.themisdb.encryption.keyring.TenantKeyring;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Encrypts and decrypts field values with one tenant's keyring. Decryption failures are classified
 * before Tink is asked, so callers get {@link CiphertextMismatchException} or {@link
 * KeyVersionUnavailableException} with a reason instead of a bare {@link GeneralSecurityException}.
 */
public final class FieldCipher {

  private final TenantKeyring keyring;

  public FieldCipher(TenantKeyring keyring) {
    this.keyring = keyring;
  }

  public byte[] encrypt(FieldBinding binding, byte[] plaintext) {
    requireTenant(binding);
    try {
      return switch (binding) {
        case FieldBinding.Randomized randomized ->
            FieldCiphertext.wrap(
                FieldCiphertext.RANDOMIZED_V1,
                keyring
                    .randomized(keyring.primary())
                    .encrypt(plaintext, randomized.associatedData()));
        case FieldBinding.Deterministic deterministic ->
            FieldCiphertext.wrap(
                FieldCiphertext.DETERMINISTIC_V1,
                keyring
                    .deterministic(keyring.primary())
                    .encryptDeterministically(plaintext, deterministic.associatedData()));
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Encryption failed for tenant " + binding.tenant(), e);
    }
  }

  /**
   * Decrypts a value read from {@code binding}.
   *
   * @throws CiphertextMismatchException if the value does not belong to {@code binding}
   * @throws KeyVersionUnavailableException if its key version is disabled or destroyed
   */
  public byte[] decrypt(FieldBinding binding, byte[] ciphertext) {
    requireTenant(binding);
    KeyVersion version = versionOf(binding, ciphertext);
    if (!version.decrypts()) {
      throw new KeyVersionUnavailableException(binding.tenant(), version);
    }
    byte[] tink = FieldCiphertext.unwrap(ciphertext);
    try {
      return switch (binding) {
        case FieldBinding.Randomized randomized ->
            keyring.randomized(version).decrypt(tink, randomized.associatedData());
        case FieldBinding.Deterministic deterministic ->
            keyring
                .deterministic(version)
                .decryptDeterministically(tink, deterministic.associatedData());
      };
    } catch (GeneralSecurityException e) {
      throw new CiphertextMismatchException(
          Reason.NOT_AUTHENTIC,
          binding,
          "Encrypted value does not authenticate here: it was moved from another document,"
              + " attribute or collection, or altered");
    }
  }

  /**
   * Equality probes for a deterministic field: the value encrypted under every key version that
   * decrypts, primary first. Until re-encryption after a rotation finishes, an index holds values
   * under old versions too; looking up all probes finds them.
   */
  public List<byte[]> probes(FieldBinding.Deterministic binding, byte[] plaintext) {
    requireTenant(binding);
    List<byte[]> probes = new ArrayList<>();
    try {
      for (var primitive : keyring.deterministicPerVersion()) {
        probes.add(
            FieldCiphertext.wrap(
                FieldCiphertext.DETERMINISTIC_V1,
                primitive.encryptDeterministically(plaintext, binding.associatedData())));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Encryption failed for tenant " + binding.tenant(), e);
    }
    return probes;
  }

  /** Whether the value is encrypted under the primary version (re-encryption skips it). */
  public boolean isUnderPrimary(FieldBinding binding, byte[] ciphertext) {
    return versionOf(binding, ciphertext).version() == keyring.primary().version();
  }

  /** The key version a value was encrypted under. */
  public KeyVersion versionOf(FieldBinding binding, byte[] ciphertext) {
    FieldCiphertext header;
    try {
      header = FieldCiphertext.parse(ciphertext);
    } catch (IllegalArgumentException e) {
      throw new CiphertextMismatchException(Reason.MALFORMED, binding, e.getMessage());
    }
    Kind expected =
        binding instanceof FieldBinding.Randomized ? Kind.RANDOMIZED : Kind.DETERMINISTIC;
    if (header.kind() != expected) {
      throw new CiphertextMismatchException(
          Reason.WRONG_KIND,
          binding,
          "A " + header.kind() + " value was read from a " + expected + " field");
    }
    Optional<KeyVersion> version =
        expected == Kind.RANDOMIZED
            ? keyring.versionOfRandomizedKeyId(header.keyId())
            : keyring.versionOfDeterministicKeyId(header.keyId());
    return version.orElseThrow(
        () ->
            new CiphertextMismatchException(
                Reason.FOREIGN_KEY,
                binding,
                "Encrypted value was not produced by any key version of tenant "
                    + binding.tenant()
                    + ": it comes from another tenant or was altered"));
  }

  private void requireTenant(FieldBinding binding) {
    if (!binding.tenant().equals(keyring.tenant())) {
      throw new IllegalArgumentException(
          "Binding for tenant " + binding.tenant() + " used with keys of " + keyring.tenant());
    }
  }
}
