package io.themisdb.encryption.rotation;

import io.themisdb.encryption.field.FieldBinding;

/** What the re-encryption job needs from the keys; {@code TenantKeys} implements it. */
public interface FieldReencryptor {

  /** Whether the value is already under the tenant's primary key version. */
  boolean isUnderPrimary(FieldBinding binding, byte[] ciphertext);

  /** Decrypts the value and encrypts it again under the primary key version. */
  byte[] reencrypt(FieldBinding binding, byte[] ciphertext);
}
