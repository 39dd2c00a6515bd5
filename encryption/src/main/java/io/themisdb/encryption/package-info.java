/**
 * Per-tenant field encryption with Google Tink.
 *
 * <p>Front door: {@code TenantKeys}. Extension point: {@code io.themisdb.encryption.kms}, where a
 * key-encryption-key provider (local master key file, cloud KMS) plugs in. Keysets exist on disk
 * only wrapped by the key-encryption key.
 *
 * <p>Tink generates, rotates and wraps the keys and encrypts randomized fields (AES256-GCM).
 * Deterministic fields use {@code keyring.AesSivCipher}, RFC 5297 AES-SIV on the JDK's AES with
 * Tink's key and output format, because Tink's set its ciphers up anew on every call (issue #6).
 */
package io.themisdb.encryption;
