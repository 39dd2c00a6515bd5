package io.themisdb.encryption.keyring;

import java.time.Instant;

/**
 * One version of a tenant's keys: the AES256_GCM key for randomized fields and the AES256_SIV key
 * for deterministic fields, created together by one rotation. The key ids are Tink's and appear in
 * every ciphertext, which is how old ciphertexts find their version after rotation. Holds no key
 * material.
 *
 * @param version 1 for the first keys, one more for each rotation
 * @param statusSince when the version entered its status (its creation for primary)
 */
public record KeyVersion(
    int version,
    KeyVersionStatus status,
    Instant createdAt,
    Instant statusSince,
    int randomizedKeyId,
    int deterministicKeyId) {

  public boolean decrypts() {
    return status == KeyVersionStatus.PRIMARY || status == KeyVersionStatus.ENABLED;
  }

  KeyVersion withStatus(KeyVersionStatus next, Instant at) {
    return new KeyVersion(version, next, createdAt, at, randomizedKeyId, deterministicKeyId);
  }
}
