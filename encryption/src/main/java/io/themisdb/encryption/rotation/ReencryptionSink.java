package io.themisdb.encryption.rotation;

/**
 * Writes re-encrypted values back. Implementations should compare-and-set: replace only if the
 * stored value is still {@code original.ciphertext()}, because a concurrent write already used the
 * primary key and must not be overwritten with an older value.
 */
@FunctionalInterface
public interface ReencryptionSink {

  void replace(EncryptedItem original, byte[] reencrypted);
}
